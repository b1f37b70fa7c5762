package io.msistream.stream.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Configures logback programmatically for a tool (spec §13): one console appender (to the given
 * stream, normally {@code System.err}) and an optional file appender, both in {@link MsiLayout}
 * format with their own thresholds. The root level is the lower of the two thresholds; the quiet
 * loggers get their own level and reach both appenders.
 */
public final class Logs {
  /** Events carrying this marker go to the log file only (e.g. a user error already printed). */
  public static final Marker FILE_ONLY = MarkerFactory.getMarker("MSISTREAM_FILE_ONLY");

  private Logs() {}

  /**
   * Replaces the current logging setup.
   *
   * @return false if SLF4J is not bound to logback (then nothing was changed)
   * @throws IOException the log file's directory cannot be created or the file cannot be opened
   */
  public static boolean configure(LogSettings s, OutputStream console) throws IOException {
    ILoggerFactory f = LoggerFactory.getILoggerFactory();
    if (!(f instanceof LoggerContext ctx)) {
      return false;
    }
    if (s.logFile() != null) {
      Files.createDirectories(s.logFile().toAbsolutePath().getParent());
      Files.newOutputStream(s.logFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)
          .close();
    }
    ctx.reset();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> con = new OutputStreamAppender<>();
    con.setName("console");
    con.setOutputStream(new NonClosing(console));
    con.addFilter(new DenyMarker(FILE_ONLY));
    root.addAppender(start(ctx, con, s.program(), s.streamLevel()));
    Level rootLevel = s.streamLevel();
    if (s.logFile() != null) {
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setName("file");
      file.setFile(s.logFile().toString());
      file.setAppend(true);
      root.addAppender(start(ctx, file, s.program(), s.fileLevel()));
      rootLevel = s.fileLevel().toInt() < rootLevel.toInt() ? s.fileLevel() : rootLevel;
    }
    root.setLevel(rootLevel);
    for (String name : s.quietLoggers()) {
      ctx.getLogger(name).setLevel(s.quietLevel());
    }
    return true;
  }

  /** Console-only default setup for code running before a tool configured logging. */
  static void configureDefault(LoggerContext ctx, String program) {
    ctx.reset();
    OutputStreamAppender<ILoggingEvent> con = new OutputStreamAppender<>();
    con.setName("console");
    con.setOutputStream(new NonClosing(System.err));
    con.addFilter(new DenyMarker(FILE_ONLY));
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(start(ctx, con, program, Level.INFO));
    root.setLevel(Level.INFO);
    for (String name : LogSettings.DEFAULT_QUIET_LOGGERS) {
      ctx.getLogger(name).setLevel(Level.WARN);
    }
  }

  /** Flushes and closes the appenders (call at the very end of a tool). */
  public static void shutdown() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.stop();
    }
  }

  private static Appender<ILoggingEvent> start(LoggerContext ctx,
      OutputStreamAppender<ILoggingEvent> a, String program, Level threshold) {
    MsiLayout layout = new MsiLayout(program);
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
    enc.setContext(ctx);
    enc.setLayout(layout);
    enc.setCharset(StandardCharsets.UTF_8);
    enc.start();
    ThresholdFilter tf = new ThresholdFilter();
    tf.setLevel(threshold.levelStr);
    tf.setContext(ctx);
    tf.start();
    a.setContext(ctx);
    a.setEncoder(enc);
    a.addFilter(tf);
    a.setImmediateFlush(true);
    a.start();
    return a;
  }

  /** Drops events carrying a marker. */
  private static final class DenyMarker extends Filter<ILoggingEvent> {
    private final Marker marker;

    DenyMarker(Marker marker) {
      this.marker = marker;
      start();
    }

    @Override
    public FilterReply decide(ILoggingEvent e) {
      if (e.getMarkerList() != null) {
        for (Marker m : e.getMarkerList()) {
          if (m.equals(marker)) {
            return FilterReply.DENY;
          }
        }
      }
      return FilterReply.NEUTRAL;
    }
  }

  /** Keeps logback from closing System.err (or a test's stream) when the appender stops. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
