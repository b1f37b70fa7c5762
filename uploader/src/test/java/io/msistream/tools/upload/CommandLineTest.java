package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CliSpec;
import io.msistream.stream.cli.ToolMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit statuses and messages of both tools' command lines (no broker needed). */
class CommandLineTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int dir(String... argv) {
    return ToolMain.run(UploadArgs.directorySpec(),
        a -> DataFileUploadDirectory.run(a, null, false), argv,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int file(String... argv) {
    return UploadDataFile.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Every option's name and default after parsing only the positional argument. */
  static Map<String, Object> defaults(CliSpec spec, String positional) throws Exception {
    CliArgs a = spec.parse(positional);
    Map<String, Object> m = new LinkedHashMap<>();
    for (Arg<?> arg : spec.args()) {
      if (arg.kind() != Arg.Kind.POSITIONAL) {
        m.put(arg.name(), a.find(arg).orElse(null));
      }
    }
    return m;
  }

  /**
   * Option names and defaults are OpenMSIStream's (spec §5.2 and §6), so its command lines work
   * unchanged; Java-only options are listed apart, and the fixed default regex is documented.
   */
  @Test
  void optionNamesAndDefaultsAreUpstreams() throws Exception {
    Path f = Files.writeString(tmp.resolve("x.dat"), "x");
    Map<String, Object> dir = defaults(UploadArgs.directorySpec(), tmp.toString());
    Map<String, Object> upstream = new LinkedHashMap<>();
    upstream.put("config", "test");
    upstream.put("topic_name", "test");
    upstream.put("producer_topic_name", "test");
    upstream.put("consumer_topic_name", "test");
    upstream.put("consumer_group_id", "create_new");
    upstream.put("treat_undecryptable_as_plaintext", false);
    upstream.put("max_wait_per_decrypt", 5.0);
    upstream.put("max_initial_wait_per_decrypt", 60.0);
    upstream.put("upload_regex", UploadFilter.DEFAULT_REGEX); // the fixed default (UPLOADER.md)
    upstream.put("chunk_size", 524_288);
    upstream.put("queue_max_size", 500);
    upstream.put("upload_existing", false);
    upstream.put("watchdog_lag_time", 3);
    upstream.put("use_polling_observer", false);
    upstream.put("n_threads", 2);
    upstream.put("update_seconds", 300);
    upstream.put("heartbeat_topic_name", null);
    upstream.put("heartbeat_program_id", null);
    upstream.put("heartbeat_interval_secs", 900.0);
    upstream.put("log_topic_name", null);
    upstream.put("log_program_id", null);
    upstream.put("log_interval_secs", 60.0);
    upstream.put("logger_stream_level", ch.qos.logback.classic.Level.INFO);
    upstream.put("logger_file_level", ch.qos.logback.classic.Level.WARN);
    upstream.put("logger_file_path", null);
    Map<String, Object> javaOnly = Map.of("legacy_chunk_format", false,
        "key_handoff_timeout", 0.0);
    Map<String, Object> expected = new LinkedHashMap<>(upstream);
    expected.putAll(javaOnly);
    assertThat(dir).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(UploadArgs.directorySpec().defaultLogDir(UploadArgs.directorySpec()
        .parse(tmp.toString()))).contains(tmp.toAbsolutePath().resolve("LOGS"));

    Map<String, Object> file = defaults(UploadArgs.fileSpec(), f.toString());
    assertThat(file).containsAllEntriesOf(Map.of("config", "test", "topic_name", "test",
        "chunk_size", 524_288, "n_threads", 2,
        "logger_stream_level", ch.qos.logback.classic.Level.INFO,
        "logger_file_level", ch.qos.logback.classic.Level.WARN));
    assertThat(file.keySet()).containsExactlyInAnyOrder("config", "topic_name", "chunk_size",
        "n_threads", "logger_stream_level", "logger_file_level", "logger_file_path",
        "queue_max_size", "legacy_chunk_format", "key_handoff_timeout");
    assertThat(UploadArgs.fileSpec().defaultLogDir(UploadArgs.fileSpec().parse(f.toString())))
        .contains(tmp.toAbsolutePath());
  }

  @Test
  void helpAndVersion() {
    assertThat(dir("--help")).isZero();
    assertThat(out()).startsWith("usage: DataFileUploadDirectory").contains("--upload_regex")
        .contains("--watchdog_lag_time").contains("--use_polling_observer")
        .contains("--queue_max_size").contains("upload_dir");
    out.reset();
    assertThat(file("--version")).isZero();
    assertThat(out()).startsWith("UploadDataFile ");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(dir()).isEqualTo(2);
    assertThat(err()).contains("the following arguments are required: upload_dir");
    err.reset();
    assertThat(dir(tmp.toString(), "--chunk_size", "1000")).isEqualTo(2);
    assertThat(err()).contains("--chunk_size").contains("power of two");
    err.reset();
    assertThat(dir(tmp.toString(), "--no_such_option")).isEqualTo(2);
    err.reset();
    assertThat(dir(tmp.toString(), "--upload_regex", "(unclosed")).isEqualTo(2);
    assertThat(err()).contains("--upload_regex");
    err.reset();
    assertThat(dir(tmp.resolve("missing").toString())).isEqualTo(2);
    assertThat(err()).contains("is not an existing directory");
    err.reset();
    assertThat(file(tmp.resolve("missing.dat").toString())).isEqualTo(2);
    assertThat(err()).contains("is not an existing file");
  }

  @Test
  void aMissingConfigIsOneLineAndExitTwo() throws Exception {
    Files.createDirectories(tmp.resolve("w"));
    assertThat(dir(tmp.resolve("w").toString(), "--config", tmp.resolve("nope.config").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("DataFileUploadDirectory: error:").contains("nope.config")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnavailableNodeIsNeverPlaintext() throws Exception {
    Path w = Files.createDirectories(tmp.resolve("w"));
    Path cfg = Files.writeString(tmp.resolve("enc.config"), "[broker]\nbootstrap.servers ="
        + " 127.0.0.1:1\n[producer]\nkey.serializer = StringSerializer\n"
        + "value.serializer = DataFileChunkSerializer\n[kafkacrypto]\nnode_id = nosuchnode\n");
    assertThat(dir(w.toString(), "--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("nosuchnode");
    Path f = Files.writeString(tmp.resolve("x.dat"), "x");
    err.reset();
    assertThat(file(f.toString(), "--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("nosuchnode");
  }
}
