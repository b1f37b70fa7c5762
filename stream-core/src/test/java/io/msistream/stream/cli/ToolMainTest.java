package io.msistream.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Exit codes and output of the shared runner, run in-process with captured streams. */
class ToolMainTest {
  static final Arg<Path> DIR = Arg.positional("output_dir", ArgTypes.DIRECTORY_TO_CREATE, "Out");
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(ToolMain.Tool tool, String... argv) {
    CliSpec spec = CliSpec.builder("DemoTool").add(DIR, CommonArgs.N_THREADS)
        .withLogging(a -> a.get(DIR)).build();
    return ToolMain.run(spec, tool, argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    assertThat(run(a -> { throw new AssertionError("not run"); }, "--help")).isZero();
    assertThat(out()).startsWith("usage: DemoTool").contains("output_dir").contains("--n_threads");
    assertThat(err()).isEmpty();
  }

  @Test
  void versionPrintsProgramAndVersion() {
    assertThat(run(a -> { }, "--version")).isZero();
    assertThat(out()).matches("DemoTool \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void usageErrorsAreOneLineAndExitTwo() {
    assertThat(run(a -> { }, "--n_threads", "x")).isEqualTo(2);
    assertThat(err()).isEqualTo("DemoTool: error: argument --n_threads: invalid int value: 'x'"
        + " (see DemoTool --help)" + System.lineSeparator());
    assertThat(out()).isEmpty();
  }

  @Test
  void userErrorsFromTheToolExitTwoWithoutStackTraceButReachTheLogFile() throws Exception {
    int code = run(a -> {
      throw new ConfigException("my.config: line 3: section [broker]: bootstrap.servers: $X is not set");
    }, tmp.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("DemoTool: error: my.config: line 3: section [broker]:"
        + " bootstrap.servers: $X is not set" + System.lineSeparator());
    String log = Files.readString(tmp.resolve("DemoTool.log"));
    assertThat(log).contains("ERROR: my.config: line 3").doesNotContain("at io.msistream");
  }

  @Test
  void usageExceptionFromTheToolAndWrappedUserErrorsExitTwo() {
    assertThat(run(a -> { throw new UsageException("bad combination"); }, tmp.toString()))
        .isEqualTo(2);
    assertThat(run(a -> { throw new RuntimeException(new UsageException("wrapped")); },
        tmp.toString())).isEqualTo(2);
    assertThat(err()).contains("DemoTool: error: bad combination")
        .contains("DemoTool: error: wrapped").doesNotContain("\tat ");
  }

  @Test
  void otherFailuresExitOneAndAreLoggedWithTheirStackTrace() throws Exception {
    assertThat(run(a -> { throw new IllegalStateException("boom"); }, tmp.toString())).isEqualTo(1);
    assertThat(err()).contains("] ERROR: DemoTool failed: java.lang.IllegalStateException: boom")
        .contains("\tat ");
    assertThat(Files.readString(tmp.resolve("DemoTool.log"))).contains("boom");
  }

  @Test
  void successExitsZeroAndLogsInTheOpenMsiStreamFormat() throws Exception {
    int code = run(a -> {
      LoggerFactory.getLogger("some.Class").info("hello {}", a.get(CommonArgs.N_THREADS));
      LoggerFactory.getLogger("some.Class").warn("careful");
      LoggerFactory.getLogger("some.Class").debug("hidden");
    }, tmp.toString(), "--n_threads", "4", "--logger_file_level", "info");
    assertThat(code).isZero();
    assertThat(err()).matches("(?s)\\[DemoTool \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\] hello 4\\R"
        + "\\[DemoTool [^]]+\\] WARNING: careful\\R");
    assertThat(Files.readString(tmp.resolve("DemoTool.log"))).contains("] hello 4")
        .contains("] WARNING: careful").doesNotContain("hidden");
  }

  @Test
  void withoutLoggingOptionsAUserErrorIsPrintedOnce() {
    CliSpec spec = CliSpec.builder("Bare").build();
    int code = ToolMain.run(spec, a -> { throw new UsageException("nope"); }, new String[0],
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("Bare: error: nope" + System.lineSeparator());
  }

  @Test
  void unusableLogFileIsAUsageError() throws Exception {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    assertThat(run(a -> { }, tmp.toString(), "--logger_file_path", file.resolve("sub").toString()))
        .isEqualTo(2);
    assertThat(err()).startsWith("DemoTool: error: cannot use the log file");
  }
}
