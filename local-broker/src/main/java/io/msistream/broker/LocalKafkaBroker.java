package io.msistream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one node, KRaft, combined broker and controller.
 *
 * <p>Storage is formatted on first start; a broker given the same data folder again keeps its
 * topics and offsets. {@link #start} returns once an Admin client sees the node, so a caller can
 * produce at once. If start-up fails the server is shut down before the exception propagates, so a
 * failed start never leaves non-daemon threads keeping the JVM alive.
 *
 * <p>Settings chosen for a single node: replication factor 1 (and min ISR 1) for the internal
 * offsets, transaction and share-group topics; one partition for the offsets topic (fast first
 * group join); a 2 MiB log-cleaner buffer instead of 128 MiB; 10 MiB maximum message size (chunks
 * are up to 512 KiB and producers batch up to 2 MB); <b>automatic topic creation on</b>, as a lab
 * user expects when a tool names a new topic (key-exchange topics are still created explicitly by
 * the tools, with one partition).
 */
public final class LocalKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
  /** Starts tried when a port chosen as free is taken before the broker binds it. */
  private static final int PORT_ATTEMPTS = 3;
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final int saslSslPort;
  private final Path caCertificate;
  private boolean closed;

  private LocalKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, int port,
      int saslSslPort, Path caCertificate) {
    this.server = server;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port;
    this.saslSslPort = saslSslPort;
    this.caCertificate = caCertificate;
  }

  /** A source of free ports, each not in {@code avoid}. */
  interface PortSource {
    int next(Set<Integer> avoid) throws IOException;
  }

  /** Options for {@link #start(Options)}. Build with {@link #options()}. */
  public static final class Options {
    private int port;
    private Path dataDir;
    private final Map<String, String> overrides = new HashMap<>();
    private Duration readyTimeout = Duration.ofSeconds(60);
    private Map<String, String> saslUsers;
    private int saslSslPort;
    private PortSource ports = LocalKafkaBroker::freePort;

    private Options() {}

    /** Where the ports picked automatically come from (tests make one taken on purpose). */
    Options ports(PortSource source) {
      this.ports = Objects.requireNonNull(source);
      return this;
    }

    /** Client port; 0 (the default) picks a free one. */
    public Options port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Persistent data folder; when unset a temporary one is used and deleted on close. */
    public Options dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir);
      return this;
    }

    /** Extra or replaced broker settings (Kafka server property names). */
    public Options set(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Adds a SASL_SSL listener (SASL/PLAIN over TLS with a self-signed certificate, as a hosted
     * cluster is reached) on {@code port} (0 picks a free one), accepting these users
     * (name → password). The PLAINTEXT listener stays for inter-broker traffic and local tools.
     */
    public Options saslSsl(int port, Map<String, String> users) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      if (users.isEmpty()) {
        throw new IllegalArgumentException("at least one SASL user is needed");
      }
      for (String u : users.keySet()) {
        if (!u.matches("[A-Za-z0-9_.-]+")) {
          throw new IllegalArgumentException("SASL user names may use letters, digits, '_', '.', '-'");
        }
      }
      this.saslSslPort = port;
      this.saslUsers = Map.copyOf(users);
      return this;
    }

    public Options readyTimeout(Duration timeout) {
      this.readyTimeout = Objects.requireNonNull(timeout);
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  /** Starts a broker on a free port with a temporary data folder. */
  public static LocalKafkaBroker start() throws IOException {
    return start(options());
  }

  /**
   * Starts a broker and waits until it serves clients. Ports it picks itself are picked again (up
   * to three starts) when another process takes one before the broker binds it.
   *
   * @throws PortInUseException if the requested client port is taken
   * @throws IOException if the data folder cannot be created or formatted
   * @throws IllegalStateException if the broker does not become ready in time (it is shut down)
   */
  public static LocalKafkaBroker start(Options o) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(o);
      } catch (PortInUseException e) {
        // unless a port the caller asked for is taken, one this method chose (free a moment ago)
        // was taken before Kafka bound it, e.g. as the local port of another process's client
        // connection: choose again
        if (attempt == PORT_ATTEMPTS || requestedPortTaken(o)) {
          throw e;
        }
        LOG.info("a port was taken while the broker started; starting again on other ports");
      }
    }
  }

  private static boolean requestedPortTaken(Options o) {
    for (int requested : new int[] {o.port, o.saslUsers == null ? 0 : o.saslSslPort}) {
      if (requested != 0) {
        try {
          ensurePortFree(requested);
        } catch (PortInUseException taken) {
          return true;
        }
      }
    }
    return false;
  }

  private static LocalKafkaBroker startOnce(Options o) throws IOException {
    // every port distinct: a port just released (or asked for but not bound yet) may be offered
    // again by the OS, and two listeners on one port make the broker refuse to start
    Set<Integer> used = new HashSet<>();
    if (o.port != 0) {
      used.add(o.port);
    }
    if (o.saslUsers != null && o.saslSslPort != 0) {
      used.add(o.saslSslPort);
    }
    int port = o.port == 0 ? o.ports.next(used) : o.port;
    used.add(port);
    ensurePortFree(port);
    int controllerPort = o.ports.next(used);
    used.add(controllerPort);
    int saslPort = o.saslUsers == null ? -1
        : o.saslSslPort == 0 ? o.ports.next(used) : o.saslSslPort;
    if (saslPort > 0) {
      ensurePortFree(saslPort);
    }
    boolean temporary = o.dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("local-kafka-") : o.dataDir.toAbsolutePath();
    Files.createDirectories(dir);
    Path logDir = dir.resolve("kraft-combined-logs");
    SelfSignedTls tls = saslPort > 0 ? SelfSignedTls.in(dir) : null;

    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    p.put("auto.create.topics.enable", "true");
    p.put("num.partitions", "1");
    p.put("message.max.bytes", Integer.toString(10 * 1024 * 1024));
    p.put("replica.fetch.max.bytes", Integer.toString(10 * 1024 * 1024));
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    if (tls != null) {
      addSaslSsl(p, port, controllerPort, saslPort, tls, o.saslUsers);
    }
    p.putAll(o.overrides);

    KafkaConfig config = KafkaConfig.fromProps(p, false);
    format(config, logDir);

    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    LocalKafkaBroker broker = new LocalKafkaBroker(server, dir, temporary, port, saslPort,
        tls == null ? null : tls.caCertificate());
    try {
      startup(server);
      broker.awaitReady(o.readyTimeout);
    } catch (RuntimeException | Error e) {
      broker.close();
      if (isBindFailure(e)) {
        throw new PortInUseException(port, e);
      }
      if (e instanceof HaltedWhileStarting) {
        // the cause was logged by Kafka; a listener port another process took is the usual one
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d{1,5})(?:,|$)")
            .matcher(p.getProperty("listeners", ""));
        while (m.find()) {
          int listenerPort = Integer.parseInt(m.group(1));
          try {
            ensurePortFree(listenerPort);
          } catch (PortInUseException taken) {
            throw new PortInUseException(listenerPort, e);
          }
        }
        throw new IllegalStateException("the Kafka broker failed while starting (see its log)", e);
      }
      throw e;
    }
    LOG.info("Kafka broker ready on {} (data in {})", broker.bootstrapServers(), dir);
    return broker;
  }

  /**
   * {@code server.startup()}, with Kafka's process-terminating fault handler turned into an
   * exception for this thread: a controller that fails to start (e.g. its port was taken in the
   * meantime) halts the whole JVM otherwise, so a test run or an embedding program would die
   * instead of getting an error (other threads still halt or exit as Kafka decides).
   */
  private static void startup(KafkaRaftServer server) {
    Thread starter = Thread.currentThread();
    Exit.setHaltProcedure((code, message) -> {
      if (Thread.currentThread() == starter) {
        throw new HaltedWhileStarting(code, message);
      }
      Runtime.getRuntime().halt(code);
    });
    Exit.setExitProcedure((code, message) -> {
      if (Thread.currentThread() == starter) {
        throw new HaltedWhileStarting(code, message);
      }
      System.exit(code);
    });
    try {
      server.startup();
    } finally {
      Exit.resetHaltProcedure();
      Exit.resetExitProcedure();
    }
  }

  /** Kafka asked to halt or exit the JVM while the broker was starting. */
  private static final class HaltedWhileStarting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HaltedWhileStarting(int code, String message) {
      super("Kafka asked to stop the JVM (status " + code + ")"
          + (message == null ? "" : ": " + message) + " while the broker was starting");
    }
  }

  private static void addSaslSsl(Properties p, int port, int controllerPort, int saslPort,
      SelfSignedTls tls, Map<String, String> users) {
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",SASL_SSL://" + HOST + ":" + saslPort
        + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + ",SASL_SSL://" + HOST + ":"
        + saslPort);
    p.put("listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "PLAIN");
    StringBuilder jaas = new StringBuilder(
        "org.apache.kafka.common.security.plain.PlainLoginModule required");
    users.forEach((u, pw) -> jaas.append(" user_").append(u).append("=\"")
        .append(pw.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
    p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
    p.put("listener.name.sasl_ssl.ssl.keystore.type", "PEM");
    p.put("listener.name.sasl_ssl.ssl.keystore.location", tls.keystore().toString());
  }

  private static void format(KafkaConfig config, Path logDir) throws IOException {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // formatted by an earlier start: keep the data
    }
    Files.createDirectories(logDir);
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true)
          .run();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("could not format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady(Duration timeout) {
    Map<String, Object> conf = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(conf)) {
      while (true) {
        try {
          for (Node n : admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
              .nodes().get(6, TimeUnit.SECONDS)) {
            if (n.id() == NODE_ID) {
              return;
            }
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          // not up yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka broker not ready after " + timeout.toSeconds() + " s");
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
      }
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** {@code host:port} of the SASL_SSL listener, if one was asked for. */
  public java.util.Optional<String> saslSslBootstrapServers() {
    return saslSslPort > 0 ? java.util.Optional.of(HOST + ":" + saslSslPort) : java.util.Optional.empty();
  }

  /** The PEM certificate SASL_SSL clients trust ({@code ssl.ca.location}), if any. */
  public java.util.Optional<Path> caCertificate() {
    return java.util.Optional.ofNullable(caCertificate);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits for its threads; deletes the data folder if it was temporary. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker shutdown reported: {}", e.toString());
    }
    if (deleteOnClose) {
      deleteTree(dataDir);
    }
  }

  /**
   * A free port not in {@code avoid}: ports the OS offers that are in it stay bound until another
   * one is found, so it cannot offer them again.
   */
  static int freePort(Set<Integer> avoid) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      while (true) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        held.add(s);
        if (!avoid.contains(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  private static void ensurePortFree(int port) throws PortInUseException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      throw new PortInUseException(port, e);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
      String m = t.getMessage();
      if (m != null && m.contains("Socket server failed to bind")) {
        return true;
      }
    }
    return false;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "LocalKafkaBroker[" + bootstrapServers() + "]";
  }
}
