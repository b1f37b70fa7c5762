package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.cli.ToolMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
