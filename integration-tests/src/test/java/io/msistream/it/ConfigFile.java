package io.msistream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OpenMSIStream config file as a user writes one: {@code [broker]}, {@code [producer]},
 * {@code [consumer]} and optionally {@code [kafkacrypto]}. Starts with settings suited to small
 * local tests (small batches, short fetch waits, a 6 s consumer session so a killed downloader's
 * partitions move on quickly).
 */
final class ConfigFile {
  private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  private ConfigFile() {}

  /** A config for {@code bootstrap} with the test defaults. */
  static ConfigFile forBroker(String bootstrap) {
    ConfigFile c = new ConfigFile();
    c.set("broker", "bootstrap.servers", bootstrap);
    c.set("producer", "batch.size", "65536");
    c.set("producer", "linger.ms", "5");
    c.set("consumer", "auto.offset.reset", "earliest");
    c.set("consumer", "enable.auto.commit", "False");
    c.set("consumer", "fetch.max.wait.ms", "100");
    c.set("consumer", "session.timeout.ms", "6000");
    c.set("consumer", "heartbeat.interval.ms", "1000");
    return c;
  }

  ConfigFile set(String section, String key, String value) {
    sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
    return this;
  }

  /** Encrypts with the node whose {@code .config} this is. */
  ConfigFile node(Path nodeConfig) {
    return set("kafkacrypto", "config_file", nodeConfig.toString());
  }

  Path writeTo(Path file) {
    StringBuilder b = new StringBuilder();
    sections.forEach((name, kv) -> {
      b.append('[').append(name).append("]\n");
      kv.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
      b.append('\n');
    });
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
