package io.msistream.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shipped file in config_files/, and [kafkacrypto] node resolution. */
class StreamConfigFilesTest {
  private static final Map<String, String> TEST_ENV = Map.of(
      "KAFKA_TEST_CLUSTER_BOOTSTRAP_SERVERS", "pkc-1.example:9092",
      "KAFKA_TEST_CLUSTER_USERNAME", "KEY", "KAFKA_TEST_CLUSTER_PASSWORD", "SECRET");

  @TempDir Path tmp;

  /** The repository's top-level config_files/ (tests run in the module folder). */
  static Path configFilesDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("config_files/README.md"))) {
        return p.resolve("config_files");
      }
    }
    throw new IllegalStateException("config_files/ not found above " + Path.of("").toAbsolutePath());
  }

  static List<Path> shippedConfigs() {
    try (Stream<Path> s = Files.list(configFilesDir())) {
      return s.filter(p -> p.toString().endsWith(".config")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyShippedFileTranslatesForBothClients() throws Exception {
    List<Path> files = shippedConfigs();
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("local.config", "local_encrypted.config", "test.config");
    for (Path f : files) {
      StreamConfig c = StreamConfig.load(f, TEST_ENV::get);
      assertThat(c.sections()).as(f.toString()).contains("broker", "producer", "consumer");
      Map<String, Object> p = c.producer().properties();
      Map<String, Object> k = c.consumer().properties();
      assertThat(p).as(f.toString()).containsKey("bootstrap.servers")
          .containsEntry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")
          .containsEntry("value.serializer", "io.msistream.stream.chunk.DataFileChunkSerializer")
          .containsEntry("linger.ms", 100L).containsEntry("compression.type", "lz4");
      assertThat(k).as(f.toString()).containsEntry("auto.offset.reset", "earliest")
          .containsEntry("enable.auto.commit", false).containsEntry("fetch.min.bytes", 100000)
          .containsEntry("value.deserializer", "io.msistream.stream.chunk.DataFileChunkDeserializer")
          .containsKey("group.id");
      assertThat((String) k.get("group.id")).isNotEqualTo("create_new");
      assertThat(c.producer().dropped()).as(f.toString()).isEmpty();
      assertThat(c.consumer().dropped()).as(f.toString()).isEmpty();
      // real clients accept them (no broker needed to construct)
      new org.apache.kafka.clients.producer.ProducerConfig(p);
      new org.apache.kafka.clients.consumer.ConsumerConfig(k);
    }
  }

  @Test
  void localConfigIsPlaintextOnLoopback() throws Exception {
    StreamConfig c = StreamConfig.load(configFilesDir().resolve("local.config"), k -> null);
    assertThat(c.admin().properties()).containsExactly(Map.entry("bootstrap.servers", "127.0.0.1:9092"));
    assertThat(c.producer().properties()).containsEntry("batch.size", 2000000);
    assertThat(c.kafkaCryptoNode(ConfigDirs.of(k -> null, tmp, Optional.empty()))).isEmpty();
  }

  @Test
  void testConfigReadsTheClusterFromTheEnvironment() throws Exception {
    StreamConfig c = StreamConfig.load(configFilesDir().resolve("test.config"), TEST_ENV::get);
    assertThat(c.consumer().properties())
        .containsEntry("bootstrap.servers", "pkc-1.example:9092")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
            + " required username=\"KEY\" password=\"SECRET\";");
    StreamConfig unset = StreamConfig.load(configFilesDir().resolve("test.config"), k -> null);
    assertThatThrownBy(unset::producer).isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.config, line ")
        .hasMessageContaining("section [broker], option 'bootstrap.servers'")
        .hasMessageContaining("KAFKA_TEST_CLUSTER_BOOTSTRAP_SERVERS is not set");
  }

  @Test
  void encryptedConfigFindsItsNodeInTheConfigDirectory() throws Exception {
    Path cfgDir = Files.createDirectories(tmp.resolve("config_files"));
    Path node = Files.createDirectories(cfgDir.resolve("local_node"));
    Files.writeString(node.resolve("local_node.config"), "[DEFAULT]\nnode_id : local_node\n");
    ConfigDirs dirs = ConfigDirs.of(k -> null, tmp, Optional.empty());
    StreamConfig c = StreamConfig.load(configFilesDir().resolve("local_encrypted.config"), k -> null);
    KafkaCryptoNode n = c.kafkaCryptoNode(dirs).orElseThrow();
    assertThat(n.nodeId()).isEqualTo("local_node");
    assertThat(n.configFile()).isEqualTo(node.resolve("local_node.config"));
    assertThat(n.nodeDir()).isEqualTo(node);
    assertThat(c.producer().properties()).containsEntry("batch.size", 200000);
  }

  @Test
  void nodeIdLookupOrderAndErrorListingTheCandidates() throws Exception {
    Path cfgFileDir = Files.createDirectories(tmp.resolve("etc"));
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    Path envDir = tmp.resolve("envdir");
    ConfigDirs dirs = ConfigDirs.of(Map.of("OPENMSISTREAM_CONFIG_FILE_DIR", envDir.toString())::get,
        cwd, Optional.empty());
    StreamConfig c = StreamConfig.parse("[kafkacrypto]\nnode_id = n1\n",
        cfgFileDir.resolve("lab.config"), k -> null);
    assertThatThrownBy(() -> c.kafkaCryptoNode(dirs)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2, section [kafkacrypto], option 'node_id'")
        .hasMessageContaining(envDir.resolve("n1/n1.config").toString())
        .hasMessageContaining(cfgFileDir.resolve("n1/n1.config").toString())
        .hasMessageContaining(cwd.resolve("n1/n1.config").toString())
        .hasMessageContaining("ProvisionNode");
    List<Path> created = new ArrayList<>();
    for (Path d : List.of(cwd, cfgFileDir, envDir)) { // create from last to first candidate
      Path f = Files.createDirectories(d.resolve("n1")).resolve("n1.config");
      Files.writeString(f, "[DEFAULT]\nnode_id : n1\n");
      created.add(f);
      assertThat(c.kafkaCryptoNode(dirs).orElseThrow().configFile()).isEqualTo(f);
    }
  }

  @Test
  void configFileWinsAndOnlyTheLiteralFileHashPrefixIsStripped() throws Exception {
    Path etc = Files.createDirectories(tmp.resolve("etc"));
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    // a relative path starting with letters of "file#": upstream mangled it to "-node.config"
    Path f = Files.writeString(Files.createDirectories(etc.resolve("life")).resolve("file-node.config"),
        "[DEFAULT]\nnode_id : file-node\n");
    ConfigDirs dirs = ConfigDirs.of(k -> null, cwd, Optional.empty());
    for (String v : new String[] {"life/file-node.config", "file#life/file-node.config",
        f.toString(), "file#" + f}) {
      StreamConfig c = StreamConfig.parse("[kafkacrypto]\nnode_id = other\nconfig_file = " + v + "\n",
          etc.resolve("lab.config"), k -> null);
      KafkaCryptoNode n = c.kafkaCryptoNode(dirs).orElseThrow();
      assertThat(n.configFile()).as(v).isEqualTo(f);
      assertThat(n.nodeId()).isEqualTo("file-node");
    }
    StreamConfig missing = StreamConfig.parse("[kafkacrypto]\nconfig_file = nope.config\n",
        etc.resolve("lab.config"), k -> null);
    assertThatThrownBy(() -> missing.kafkaCryptoNode(dirs))
        .hasMessageContaining(cwd.resolve("nope.config").toString())
        .hasMessageContaining(etc.resolve("nope.config").toString());
  }

  @Test
  void kafkacryptoSectionNeedsAUsableKey() throws Exception {
    ConfigDirs dirs = ConfigDirs.of(k -> null, tmp, Optional.empty());
    assertThatThrownBy(() -> StreamConfig.parse("[kafkacrypto]\n", tmp.resolve("a.config"), k -> null)
        .kafkaCryptoNode(dirs)).hasMessageContaining("needs node_id");
    for (String bad : new String[] {"../x", "a/b", ".."}) {
      assertThatThrownBy(() -> StreamConfig.parse("[kafkacrypto]\nnode_id = " + bad + "\n",
          tmp.resolve("a.config"), k -> null).kafkaCryptoNode(dirs))
          .as(bad).hasMessageContaining("not a valid node id");
    }
  }

  @Test
  void missingFileIsAConfigError() {
    assertThatThrownBy(() -> StreamConfig.load(tmp.resolve("none.config")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("none.config");
  }
}
