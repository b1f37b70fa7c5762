package io.msistream.stream.cli;

import ch.qos.logback.classic.Level;
import io.msistream.stream.config.ToolDefaults;
import io.msistream.stream.log.LogFiles;
import io.msistream.stream.log.LogLevels;
import io.msistream.stream.log.LogSettings;
import io.msistream.stream.log.Logs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tool with the shared conventions: parse the command line; {@code --help} and
 * {@code --version} print to stdout and exit 0; usage errors print one line,
 * {@code <Program>: error: <what> (see <Program> --help)}, to stderr and exit 2; logging is
 * configured from the {@code --logger_*} options; a {@link UserError} (or a Kafka
 * {@code ConfigException}) thrown by the tool prints one line without a stack trace and exits 2;
 * any other failure is logged with its stack trace and exits 1.
 *
 * <pre>{@code
 * public static void main(String[] argv) {
 *   ToolMain.main(SPEC, args -> new MyTool(args).run(), argv);
 * }
 * }</pre>
 */
public final class ToolMain {
  /** Exit status of a successful run, {@code --help} and {@code --version}. */
  public static final int OK = 0;
  /** Exit status of an unexpected failure. */
  public static final int FAILURE = 1;
  /** Exit status of a usage or configuration error. */
  public static final int USAGE = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ToolMain.class);

  private ToolMain() {}

  /** The tool's body, called with the parsed arguments after logging is set up. */
  @FunctionalInterface
  public interface Tool {
    void run(CliArgs args) throws Exception;
  }

  /**
   * A tool body that chooses its own exit status (e.g. 1 when some items failed and a summary
   * already said which); user errors are still thrown.
   */
  @FunctionalInterface
  public interface StatusTool {
    int run(CliArgs args) throws Exception;
  }

  /** Runs with the real streams, flushes logging and exits the JVM with the status. */
  public static void main(CliSpec spec, Tool tool, String[] argv) {
    mainWithStatus(spec, asStatusTool(tool), argv);
  }

  /** Like {@link #main(CliSpec, Tool, String[])} for a tool that returns its exit status. */
  public static void mainWithStatus(CliSpec spec, StatusTool tool, String[] argv) {
    int status = runWithStatus(spec, tool, argv, System.out, System.err);
    Logs.shutdown();
    System.exit(status);
  }

  /** Runs in-process and returns the exit status (console logging goes to {@code err}). */
  public static int run(CliSpec spec, Tool tool, String[] argv, PrintStream out, PrintStream err) {
    return runWithStatus(spec, asStatusTool(tool), argv, out, err);
  }

  private static StatusTool asStatusTool(Tool tool) {
    return args -> {
      tool.run(args);
      return OK;
    };
  }

  /** Like {@link #run} for a tool that returns its exit status. */
  public static int runWithStatus(CliSpec spec, StatusTool tool, String[] argv, PrintStream out,
      PrintStream err) {
    String program = spec.program();
    CliArgs args;
    try {
      args = spec.parse(argv);
    } catch (UsageException e) {
      usageError(program, e.getMessage(), err);
      return USAGE;
    }
    if (args.helpRequested()) {
      out.print(HelpText.render(spec));
      out.flush();
      return OK;
    }
    if (args.versionRequested()) {
      out.println(program + " " + Versions.of(spec.versionSource()));
      out.flush();
      return OK;
    }
    boolean logging = false;
    if (spec.hasLogging()) {
      try {
        logging = Logs.configure(logSettings(spec, args), err);
      } catch (IOException | RuntimeException e) {
        usageError(program, "cannot use the log file: " + e.getMessage(), err);
        return USAGE;
      }
    }
    try {
      return tool.run(args);
    } catch (Exception e) {
      String userError = userErrorMessage(e);
      if (userError != null) {
        err.println(program + ": error: " + userError);
        err.flush();
        LOG.error(Logs.FILE_ONLY, "{}", userError);
        return USAGE;
      }
      if (logging) {
        LOG.error("{} failed: {}", program, e.toString(), e);
      } else {
        err.println(program + ": error: " + e);
        e.printStackTrace(err);
        err.flush();
      }
      return FAILURE;
    }
  }

  /** The logging setup the parsed {@code --logger_*} options and the defaults ask for. */
  public static LogSettings logSettings(CliSpec spec, CliArgs args) {
    Path defaultDir = spec.defaultLogDir(args).orElse(null);
    String given = args.get(CommonArgs.LOGGER_FILE_PATH);
    Path file = given == null && defaultDir == null ? null
        : LogFiles.resolve(given, defaultDir, spec.program());
    ToolDefaults shared = ToolDefaults.load("msistream.logging");
    List<String> quiet = shared.config().hasPath("msistream.logging.quiet-loggers")
        ? shared.config().getStringList("msistream.logging.quiet-loggers")
        : LogSettings.DEFAULT_QUIET_LOGGERS;
    Level quietLevel = shared.find("quiet-level").map(LogLevels::parse).orElse(Level.WARN);
    return new LogSettings(spec.program(), args.get(CommonArgs.LOGGER_STREAM_LEVEL),
        args.get(CommonArgs.LOGGER_FILE_LEVEL), file, quiet, quietLevel);
  }

  private static void usageError(String program, String message, PrintStream err) {
    err.println(program + ": error: " + message + " (see " + program + " --help)");
    err.flush();
  }

  /** The message of the first user error in the cause chain, or null. */
  private static String userErrorMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserError u) {
        return u.getMessage();
      }
      if (t instanceof org.apache.kafka.common.config.ConfigException) {
        return "invalid Kafka client configuration: " + t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
