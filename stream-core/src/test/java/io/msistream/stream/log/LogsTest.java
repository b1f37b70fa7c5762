package io.msistream.stream.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogsTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @AfterEach
  void reset() throws Exception {
    Logs.configure(LogSettings.of("test", null), System.err);
  }

  private String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void consoleAndFileThresholdsAndFormat() throws Exception {
    Path file = tmp.resolve("LOGS/Prog.log");
    Logs.configure(LogSettings.of("Prog", file).withLevels(Level.INFO, Level.WARN), console);
    Logger log = LoggerFactory.getLogger("io.msistream.Whatever");
    log.debug("not shown");
    log.info("plain {}", 1);
    log.warn("watch out");
    log.warn("WARNING: already prefixed");
    log.error("bad", new IllegalStateException("why"));
    log.error("ERROR: already prefixed");
    String c = console();
    assertThat(c).doesNotContain("not shown");
    assertThat(c).containsPattern("(?m)^\\[Prog \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\] plain 1$");
    assertThat(c).contains("] WARNING: watch out").contains("] WARNING: already prefixed")
        .doesNotContain("WARNING: WARNING:").contains("] ERROR: bad")
        .contains("java.lang.IllegalStateException: why").contains("] ERROR: already prefixed")
        .doesNotContain("ERROR: ERROR:");
    String f = Files.readString(file);
    assertThat(f).doesNotContain("plain 1").contains("WARNING: watch out").contains("ERROR: bad");
  }

  @Test
  void kafkaLoggersAreQuietButTheirWarningsReachTheFile() throws Exception {
    Path file = tmp.resolve("P.log");
    Logs.configure(LogSettings.of("P", file).withLevels(Level.DEBUG, Level.DEBUG), console);
    Logger kafka = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    kafka.info("chatty");
    kafka.debug("chattier");
    kafka.warn("Authentication failed");
    LoggerFactory.getLogger("io.msistream.X").debug("ours at debug");
    assertThat(console()).doesNotContain("chatty").contains("WARNING: Authentication failed")
        .contains("ours at debug");
    assertThat(Files.readString(file)).doesNotContain("chatty")
        .contains("WARNING: Authentication failed").contains("ours at debug");
  }

  @Test
  void quietLevelIsConfigurable() throws Exception {
    Logs.configure(new LogSettings("P", Level.INFO, Level.WARN, null, List.of("org.apache.kafka"),
        Level.INFO), console);
    LoggerFactory.getLogger("org.apache.kafka.X").info("now visible");
    assertThat(console()).contains("now visible");
  }

  @Test
  void fileOnlyMarkerSkipsTheConsole() throws Exception {
    Path file = tmp.resolve("P.log");
    Logs.configure(LogSettings.of("P", file), console);
    LoggerFactory.getLogger("x").error(Logs.FILE_ONLY, "printed elsewhere");
    assertThat(console()).isEmpty();
    assertThat(Files.readString(file)).contains("ERROR: printed elsewhere");
  }

  @Test
  void layoutUsesTheGivenZone() {
    MsiLayout l = new MsiLayout("Z", ZoneId.of("UTC"));
    ch.qos.logback.classic.spi.LoggingEvent e = new ch.qos.logback.classic.spi.LoggingEvent();
    e.setLevel(Level.INFO);
    e.setMessage("m");
    e.setTimeStamp(0);
    assertThat(l.doLayout(e)).isEqualTo("[Z 1970-01-01 00:00:00] m" + System.lineSeparator());
  }

  @Test
  void defaultConfigurationBeforeAToolConfigures() {
    ch.qos.logback.classic.LoggerContext ctx = new ch.qos.logback.classic.LoggerContext();
    DefaultLogConfigurator c = new DefaultLogConfigurator();
    c.setContext(ctx);
    // no logback.xml on this module's test class path
    assertThat(c.configure(ctx)).isEqualTo(
        ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(ctx.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
    assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
  }
}
