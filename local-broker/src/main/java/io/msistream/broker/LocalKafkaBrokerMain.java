package io.msistream.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/LocalKafkaBroker [--port 9092] [--data-dir DIR]}: runs a single-node Kafka broker in
 * the foreground until Ctrl-C or SIGTERM. Data survives restarts (default folder
 * {@code ~/.msistream/local-broker}).
 *
 * <p>This module sits below stream-core (whose tests start this broker), so it parses its few
 * options with commons-cli directly rather than through the shared tool CLI helper, following the
 * same conventions: one-line usage errors and exit code 2.
 */
public final class LocalKafkaBrokerMain {
  static final String NAME = "LocalKafkaBroker";
  static final String USERS_ENV = "LOCAL_KAFKA_SASL_USERS";

  private LocalKafkaBrokerMain() {}

  public static void main(String[] args) {
    configureLogging();
    int rc = run(args, System.out, System.err);
    if (rc >= 0) {
      System.exit(rc);
    }
  }

  /** Runs the tool; returns an exit code, or -1 once the broker has run and stopped by signal. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options = new Options();
    options.addOption(Option.builder().longOpt("port").hasArg().argName("PORT")
        .desc("client port on 127.0.0.1 (default 9092)").build());
    options.addOption(Option.builder().longOpt("data-dir").hasArg().argName("DIR")
        .desc("data folder, kept across restarts (default ~/.msistream/local-broker)").build());
    options.addOption(Option.builder().longOpt("sasl-ssl-port").hasArg().argName("PORT")
        .desc("also listen for SASL_SSL (SASL/PLAIN over TLS, self-signed certificate) on PORT; "
            + "users come from $" + USERS_ENV + " as user:password[,user:password...]").build());
    options.addOption(Option.builder("h").longOpt("help").desc("show this help and exit").build());
    options.addOption(Option.builder().longOpt("version").desc("show the version and exit").build());

    CommandLine cl;
    int port;
    int saslPort = -1;
    java.util.Map<String, String> users = java.util.Map.of();
    try {
      cl = new DefaultParser().parse(options, args);
      if (!cl.getArgList().isEmpty()) {
        throw new ParseException("unexpected argument: " + cl.getArgList().get(0));
      }
      port = Integer.parseInt(cl.getOptionValue("port", "9092"));
      if (port < 1 || port > 65535) {
        throw new ParseException("--port must be 1..65535");
      }
      if (cl.hasOption("sasl-ssl-port")) {
        saslPort = Integer.parseInt(cl.getOptionValue("sasl-ssl-port"));
        if (saslPort < 1 || saslPort > 65535 || saslPort == port) {
          throw new ParseException("--sasl-ssl-port must be 1..65535 and differ from --port");
        }
        users = parseUsers(System.getenv(USERS_ENV));
      }
    } catch (ParseException | NumberFormatException e) {
      String what = e instanceof NumberFormatException ? "ports must be numbers" : e.getMessage();
      err.println(NAME + ": error: " + what + " (see --help)");
      return 2;
    }
    if (cl.hasOption("help")) {
      new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 100,
          NAME + " [--port 9092] [--data-dir DIR]",
          "Runs a real single-node Apache Kafka broker (KRaft) until Ctrl-C or SIGTERM.", options,
          2, 2, "");
      return 0;
    }
    if (cl.hasOption("version")) {
      out.println(NAME + " " + version());
      return 0;
    }
    Path dataDir = cl.hasOption("data-dir")
        ? Paths.get(cl.getOptionValue("data-dir"))
        : Paths.get(System.getProperty("user.home"), ".msistream", "local-broker");

    LocalKafkaBroker broker;
    try {
      LocalKafkaBroker.Options o = LocalKafkaBroker.options().port(port).dataDir(dataDir);
      if (saslPort > 0) {
        o.saslSsl(saslPort, users);
      }
      broker = LocalKafkaBroker.start(o);
    } catch (PortInUseException e) {
      err.println(NAME + ": error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println(NAME + ": error: could not start the broker: " + e.getMessage());
      return 1;
    }
    out.println("[" + NAME + "] Kafka broker ready: bootstrap.servers=" + broker.bootstrapServers()
        + " data=" + broker.dataDir() + " (Ctrl-C or SIGTERM stops it)");
    String userNames = String.join(",", new java.util.TreeSet<>(users.keySet()));
    broker.saslSslBootstrapServers().ifPresent(s -> out.println("[" + NAME
        + "] SASL_SSL listener: bootstrap.servers=" + s + " ssl.ca.location="
        + broker.caCertificate().orElseThrow() + " sasl.mechanism=PLAIN users=" + userNames));
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("[" + NAME + "] stopping...");
      broker.close();
      out.println("[" + NAME + "] stopped");
      out.flush();
      stopped.countDown();
    }, "broker-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  /** The version this module was built as (Maven-filtered {@code version.properties}). */
  static String version() {
    try (InputStream in = LocalKafkaBrokerMain.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }

  /** {@code user:password[,user:password...]}; passwords may contain ':' but not ','. */
  static java.util.Map<String, String> parseUsers(String spec) throws ParseException {
    if (spec == null || spec.isBlank()) {
      throw new ParseException("--sasl-ssl-port needs users in $" + USERS_ENV
          + " (user:password[,user:password...])");
    }
    java.util.Map<String, String> users = new java.util.LinkedHashMap<>();
    for (String item : spec.split(",")) {
      int colon = item.indexOf(':');
      if (colon <= 0 || colon == item.length() - 1) {
        throw new ParseException("$" + USERS_ENV + " must be user:password[,user:password...]");
      }
      String user = item.substring(0, colon).strip();
      if (!user.matches("[A-Za-z0-9_.-]+")) {
        throw new ParseException("$" + USERS_ENV + ": user names may use letters, digits, '_', '.', '-'");
      }
      users.put(user, item.substring(colon + 1));
    }
    return users;
  }

  /** Console only, our lines at INFO, the broker's own chatter at WARN. */
  private static void configureLogging() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    ctx.reset();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("[%logger{0} %d{yyyy-MM-dd HH:mm:ss}] %level %msg%n");
    enc.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setEncoder(enc);
    console.setTarget("System.err");
    console.start();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    ctx.getLogger("io.msistream").setLevel(Level.INFO);
    // Routine noise of a single-node start and stop, not problems.
    ctx.getLogger("org.apache.kafka.controller.QuorumController").setLevel(Level.ERROR);
    ctx.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
  }
}
