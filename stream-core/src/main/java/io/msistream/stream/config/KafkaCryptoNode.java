package io.msistream.stream.config;

import java.nio.file.Path;

/**
 * The KafkaCrypto node an OpenMSIStream config's {@code [kafkacrypto]} section points at
 * (spec §10.3): its {@code <id>.config}, with {@code <id>.crypto} and {@code <id>.seed} expected in
 * the same folder.
 *
 * @param nodeId the node id (the config file's name without {@code .config})
 * @param configFile the node's {@code <id>.config}, absolute
 */
public record KafkaCryptoNode(String nodeId, Path configFile) {
  /** The node folder (where {@code file#} references in the node config resolve). */
  public Path nodeDir() {
    return configFile.getParent();
  }
}
