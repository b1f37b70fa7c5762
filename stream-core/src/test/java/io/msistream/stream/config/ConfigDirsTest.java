package io.msistream.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirsTest {
  @TempDir Path tmp;
  Path cwd;
  Path jarDir;

  @BeforeEach
  void layout() throws Exception {
    cwd = Files.createDirectories(tmp.resolve("work"));
    jarDir = Files.createDirectories(tmp.resolve("dist/lib"));
  }

  ConfigDirs dirs(Map<String, String> env) {
    return ConfigDirs.of(env::get, cwd, Optional.of(jarDir));
  }

  @Test
  void lookupOrderWithoutTheVariable() {
    ConfigDirs d = dirs(Map.of());
    assertThat(d.searchDirs()).containsExactly(jarDir.resolve("config_files"),
        tmp.resolve("dist/config_files"), cwd.resolve("config_files"));
    assertThat(d.fromEnvironmentVariable()).isFalse();
  }

  @Test
  void aJarInAModuleTargetFolderAlsoFindsTheSourceTreeConfigFiles() {
    Path target = tmp.resolve("repo/uploader/target");
    ConfigDirs d = ConfigDirs.of(k -> null, cwd, Optional.of(target));
    assertThat(d.searchDirs()).containsExactly(target.resolve("config_files"),
        tmp.resolve("repo/uploader/config_files"), tmp.resolve("repo/config_files"),
        cwd.resolve("config_files"));
  }

  @Test
  void variableReplacesTheSearchListAndRelativeValuesUseTheWorkingDir() {
    ConfigDirs d = dirs(Map.of("OPENMSISTREAM_CONFIG_FILE_DIR", "mine"));
    assertThat(d.searchDirs()).containsExactly(cwd.resolve("mine"));
    assertThat(d.fromEnvironmentVariable()).isTrue();
    assertThat(d.describe()).startsWith("OPENMSISTREAM_CONFIG_FILE_DIR=");
    assertThat(dirs(Map.of("OPENMSISTREAM_CONFIG_FILE_DIR", " ")).fromEnvironmentVariable())
        .isFalse();
  }

  @Test
  void resolvesNamesAppendingConfigAndPrefersTheWorkingDirectoryPath() throws Exception {
    Path shipped = Files.createDirectories(tmp.resolve("dist/config_files"));
    Files.writeString(shipped.resolve("local.config"), "[broker]\n");
    Files.writeString(shipped.resolve("odd.cfg"), "[broker]\n");
    Path local = Files.createDirectories(cwd.resolve("config_files"));
    Files.writeString(local.resolve("local.config"), "[broker]\n");
    Files.writeString(local.resolve("mine.config"), "[broker]\n");
    ConfigDirs d = dirs(Map.of());
    assertThat(d.resolveConfig("local")).isEqualTo(shipped.resolve("local.config"));
    assertThat(d.resolveConfig("mine")).isEqualTo(local.resolve("mine.config"));
    assertThat(d.resolveConfig("odd.cfg")).isEqualTo(shipped.resolve("odd.cfg"));
    Files.writeString(cwd.resolve("local.config"), "[broker]\n");
    assertThat(d.resolveConfig("local")).isEqualTo(cwd.resolve("local.config"));
    Path abs = Files.writeString(tmp.resolve("elsewhere.config"), "[broker]\n");
    assertThat(d.resolveConfig(abs.toString())).isEqualTo(abs);
    assertThat(d.primary()).isEqualTo(shipped);
  }

  @Test
  void errorListsEveryPlaceTried() {
    ConfigDirs d = dirs(Map.of());
    assertThatThrownBy(() -> d.resolveConfig("nosuch")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("config argument 'nosuch' is not a recognized config file")
        .hasMessageContaining(cwd.resolve("nosuch.config").toString())
        .hasMessageContaining(jarDir.resolve("config_files/nosuch.config").toString())
        .hasMessageContaining(tmp.resolve("dist/config_files/nosuch.config").toString())
        .hasMessageContaining(cwd.resolve("config_files/nosuch.config").toString());
    ConfigDirs env = dirs(Map.of("OPENMSISTREAM_CONFIG_FILE_DIR", "/no/dir"));
    assertThatThrownBy(() -> env.resolveConfig("x")).hasMessageContaining("/no/dir/x.config")
        .hasMessageContaining("OPENMSISTREAM_CONFIG_FILE_DIR");
    assertThatThrownBy(() -> d.resolveConfig(" ")).isInstanceOf(ConfigException.class);
  }

  @Test
  void jarDirectoryOnlyForJars() {
    assertThat(ConfigDirs.jarDirectory(ConfigDirsTest.class)).isEmpty(); // test classes folder
    assertThat(ConfigDirs.jarDirectory(org.apache.kafka.clients.producer.KafkaProducer.class))
        .hasValueSatisfying(p -> assertThat(p).isDirectory());
  }
}
