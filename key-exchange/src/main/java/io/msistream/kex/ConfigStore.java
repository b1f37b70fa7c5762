package io.msistream.kex;

import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The node's {@code .config}: the current content and its one writer (atomic rewrites). */
final class ConfigStore {
  private final Path file;
  private NodeConfig config;

  ConfigStore(Path file, NodeConfig config) {
    this.file = file;
    this.config = config;
  }

  synchronized NodeConfig get() {
    return config;
  }

  Path file() {
    return file;
  }

  /** Applies {@code change} and rewrites the file; on failure nothing changes. */
  synchronized void update(UnaryOperator<NodeConfig> change) throws NodeFileException {
    NodeConfig next = change.apply(config);
    next.write(file);
    config = next;
  }
}
