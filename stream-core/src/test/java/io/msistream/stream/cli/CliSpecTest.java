package io.msistream.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.msistream.stream.config.ToolDefaults;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliSpecTest {
  static final Arg<Path> DIR = Arg.positional("upload_dir", ArgTypes.EXISTING_DIRECTORY,
      "Directory to watch");
  static final Arg<Boolean> UPLOAD_EXISTING = Arg.flag("upload_existing", "Also upload files already there");
  static final Arg<String> MODE = Arg.option("mode", ArgTypes.choice("simple", "online"), "simple", "Mode");
  static final Arg<String> SCRIPT = Arg.option("script-path", ArgTypes.STRING, ".", "Script");

  @TempDir Path tmp;

  static CliSpec spec() {
    return CliSpec.builder("DataFileUploadDirectory")
        .description("Upload files added to a directory")
        .add(DIR, CommonArgs.CONFIG, CommonArgs.TOPIC_NAME, CommonArgs.CHUNK_SIZE,
            CommonArgs.N_THREADS, CommonArgs.UPDATE_SECONDS, UPLOAD_EXISTING, MODE, SCRIPT)
        .mutuallyExclusive(MODE, SCRIPT)
        .withLogging(a -> a.get(DIR).resolve("LOGS"))
        .build();
  }

  @Test
  void parsesValuesDefaultsAndPositionals() throws Exception {
    CliArgs a = spec().parse("--chunk_size", "16384", tmp.toString(), "--config=local",
        "--upload_existing", "--logger_stream_level", "DEBUG", "--update_seconds", "-1");
    assertThat(a.get(DIR)).isEqualTo(tmp.toAbsolutePath());
    assertThat(a.get(CommonArgs.CHUNK_SIZE)).isEqualTo(16384);
    assertThat(a.get(CommonArgs.CONFIG)).isEqualTo("local");
    assertThat(a.get(UPLOAD_EXISTING)).isTrue();
    assertThat(a.get(CommonArgs.UPDATE_SECONDS)).isEqualTo(-1);
    assertThat(a.get(CommonArgs.LOGGER_STREAM_LEVEL)).isEqualTo(Level.DEBUG);
    assertThat(a.get(CommonArgs.LOGGER_FILE_LEVEL)).isEqualTo(Level.WARN);
    assertThat(a.get(CommonArgs.N_THREADS)).isEqualTo(2);
    assertThat(a.get(CommonArgs.TOPIC_NAME)).isEqualTo("test");
    assertThat(a.isGiven(CommonArgs.TOPIC_NAME)).isFalse();
    assertThat(a.isGiven(CommonArgs.CHUNK_SIZE)).isTrue();
    assertThat(a.find(CommonArgs.LOGGER_FILE_PATH)).isEmpty();
  }

  @Test
  void prefixesLastRepeatAndDoubleDash() throws Exception {
    CliArgs a = spec().parse(tmp.toString(), "--chunk", "1024", "--n_threads", "3",
        "--n_threads", "5", "--topic_name", "a", "--");
    assertThat(a.get(CommonArgs.CHUNK_SIZE)).isEqualTo(1024);
    assertThat(a.get(CommonArgs.N_THREADS)).isEqualTo(5);
  }

  @Test
  void repeatableOptionsAddUpInOrderAndDefaultToEmpty() throws Exception {
    Arg<java.util.List<String>> topics = Arg.repeatable("topic_name", ArgTypes.STRING, "Topic");
    Arg<java.util.List<Integer>> ports = Arg.repeatable("port", ArgTypes.POSITIVE_INT, "Port");
    CliSpec s = CliSpec.builder("Keeper").add(topics, ports, CommonArgs.N_THREADS).build();
    CliArgs a = s.parse("--topic_name", "a.x", "--n_threads", "3", "--topic=b.y",
        "--topic_name", "a.x");
    assertThat(a.get(topics)).containsExactly("a.x", "b.y", "a.x");
    assertThat(a.get(ports)).isEmpty();
    assertThat(a.isGiven(ports)).isFalse();
    assertThat(s.parse("--port", "1", "--port", "2").get(ports)).containsExactly(1, 2);
    assertThatThrownBy(() -> s.parse("--port", "1", "--port", "0"))
        .isInstanceOf(UsageException.class).hasMessageContaining("--port");
    assertThat(HelpText.render(s)).contains("--topic_name TOPIC_NAME").doesNotContain("[]");
  }

  @Test
  void helpAndVersionShortCircuit() throws Exception {
    assertThat(spec().parse("--bogus", "-h").helpRequested()).isTrue();
    assertThat(spec().parse("--version").versionRequested()).isTrue();
    assertThatThrownBy(() -> spec().parse("--", "--help")).isInstanceOf(UsageException.class);
  }

  @Test
  void argparseLikeErrors() {
    String d = tmp.toString();
    assertError("the following arguments are required: upload_dir");
    assertError("unrecognized arguments: --nope", d, "--nope");
    assertError("unrecognized arguments: extra", d, "extra");
    assertError("argument --chunk_size: invalid int value: 'abc'", d, "--chunk_size", "abc");
    assertError("argument --chunk_size: invalid value '1000': must be a power of two", d,
        "--chunk_size", "1000");
    assertError("argument --n_threads: invalid value '0': must be > 0", d, "--n_threads", "0");
    assertError("argument --chunk_size: expected one argument", d, "--chunk_size");
    assertError("argument --mode: invalid choice: 'x' (choose from 'simple', 'online')", d,
        "--mode", "x");
    assertError("argument --script-path: not allowed with argument --mode", d, "--mode",
        "online", "--script-path", "p");
    assertError("argument --upload_dir", "/no/such/dir");
    assertError("ambiguous option: --logger_file could match --logger_file_level, --logger_file_path",
        d, "--logger_file", "3");
    assertError("argument --upload_existing: ignored explicit argument 'yes'", d,
        "--upload_existing=yes");
    assertError("argument --logger_file_level: invalid logger level 'loud'", d,
        "--logger_file_level", "loud");
  }

  @Test
  void pythonIntSyntax() throws Exception {
    assertThat(ArgTypes.INT.parse(" +1_024 ")).isEqualTo(1024);
    assertThatThrownBy(() -> ArgTypes.INT.parse("0x10")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> ArgTypes.INT.parse("99999999999")).hasMessageContaining("range");
    assertThat(ArgTypes.FLOAT.parse("2e3")).isEqualTo(2000.0);
    assertThat(ArgTypes.FLOAT.parse("inf")).isInfinite();
    assertThatThrownBy(() -> ArgTypes.FLOAT.parse("1.2.3")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> ArgTypes.NON_NEGATIVE_FLOAT.parse("-1")).hasMessageContaining(">= 0");
  }

  @Test
  void configuredDefaultsOverrideDeclaredOnesAndAreValidated() throws Exception {
    Properties p = new Properties();
    p.setProperty("msistream.T.chunk_size", "2048");
    p.setProperty("msistream.T.upload_existing", "true");
    ToolDefaults d = ToolDefaults.of(com.typesafe.config.ConfigFactory.parseProperties(p),
        "msistream.T");
    CliSpec s = CliSpec.builder("T").add(CommonArgs.CHUNK_SIZE, UPLOAD_EXISTING).defaults(d).build();
    CliArgs a = s.parse();
    assertThat(a.get(CommonArgs.CHUNK_SIZE)).isEqualTo(2048);
    assertThat(a.get(UPLOAD_EXISTING)).isTrue();
    assertThat(HelpText.render(s)).contains("(default: 2048)");
    p.setProperty("msistream.T.chunk_size", "1000");
    ToolDefaults bad = ToolDefaults.of(com.typesafe.config.ConfigFactory.parseProperties(p),
        "msistream.T");
    assertThatThrownBy(() -> CliSpec.builder("T").add(CommonArgs.CHUNK_SIZE).defaults(bad).build())
        .hasMessageContaining("msistream.T.chunk_size").hasMessageContaining("power of two");
  }

  @Test
  void helpListsEverything() {
    String h = HelpText.render(spec());
    assertThat(h).startsWith("usage: DataFileUploadDirectory [-h] [--version] [--config CONFIG]");
    assertThat(h).contains("positional arguments:\n  upload_dir");
    assertThat(h).contains("--chunk_size CHUNK_SIZE").contains("(default: 524288)");
    assertThat(h).contains("--logger_file_level LEVEL").contains("(default: warning)");
    assertThat(h).contains("--upload_existing ");
    assertThat(h).doesNotContain("\u00a0");
    for (String line : h.split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void declaringTwiceIsAProgrammingError() {
    assertThatThrownBy(() -> CliSpec.builder("X").add(CommonArgs.CONFIG, CommonArgs.CONFIG))
        .isInstanceOf(IllegalArgumentException.class);
    CliArgs a;
    try {
      a = CliSpec.builder("X").build().parse();
    } catch (UsageException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> a.get(CommonArgs.CONFIG)).isInstanceOf(IllegalArgumentException.class);
  }

  private void assertError(String expected, String... argv) {
    assertThatThrownBy(() -> spec().parse(argv)).as(String.join(" ", argv))
        .isInstanceOf(UsageException.class).hasMessageContaining(expected.replace("--upload_dir", "upload_dir"));
  }
}
