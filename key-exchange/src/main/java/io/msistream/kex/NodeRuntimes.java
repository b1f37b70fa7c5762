package io.msistream.kex;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The process-wide registry behind serializers configured by class name: every serde naming the
 * same node config ({@code kafkacrypto.node.config}, compared by canonical path) shares one
 * {@link NodeRuntime}, started by the first and closed when the last lets go. A runtime passed in
 * directly ({@code kafkacrypto.runtime}) is shared but never closed here.
 *
 * <p>Before the last lease closes a runtime that created production keys, it waits (as every
 * short-lived producer should, spec kafkacrypto 6.7) until those keys were handed over:
 * {@link NodeRuntime#awaitHandoff} with {@value #HANDOFF_TIMEOUT} (default 30000 ms; 0 does not
 * wait, but still warns about keys not handed over) and {@value #HANDOFF_POLICY} ({@code keeper},
 * the default: a key keeper's request was answered; or {@code any}: any consumer's). A runtime
 * that created no key (a consumer) closes at once. An explicit timeout wins over the default (the
 * longest one set, if several serdes set one), so a deserializer sharing the runtime does not
 * change a producer's choice. Leases taken with {@link #acquire(Path, NodeRuntime.Builder)} (the
 * tools) do not wait here: their owner calls {@link NodeRuntime#awaitHandoff} with its own bound.
 * Kafka flushes a producer's records before it closes its serializers, so the keeper has seen
 * them by then; the wait happens inside {@code KafkaProducer.close()}.
 */
public final class NodeRuntimes {
  /** Client property: path of the node's {@code <id>.config}. */
  public static final String CONFIG = "kafkacrypto.node.config";
  /** Client property: a {@link NodeRuntime} instance to use instead of a path. */
  public static final String RUNTIME = "kafkacrypto.runtime";
  /** Client property: create missing key-exchange topics ({@code true}, the default, or {@code false}). */
  public static final String CREATE_TOPICS = "kafkacrypto.create.topics";
  /**
   * Client property: how long (ms) the last lease of a runtime that created keys waits for their
   * handoff before closing it; default 30000, 0 closes at once.
   */
  public static final String HANDOFF_TIMEOUT = "kafkacrypto.key.handoff.timeout.ms";
  /** Client property: what counts as a handoff, {@code keeper} (the default) or {@code any}. */
  public static final String HANDOFF_POLICY = "kafkacrypto.key.handoff.policy";

  private static final Map<Path, Shared> SHARED = new HashMap<>();

  private static final class Shared {
    final NodeRuntime runtime;
    int leases;
    /** The longest handoff wait a serde set explicitly (null: none did). */
    Duration handoffTimeout;
    HandoffPolicy handoffPolicy;
    /** A serde configured by class name uses it: without an explicit wait, the default applies. */
    boolean byClassName;

    Shared(NodeRuntime runtime) {
      this.runtime = runtime;
    }
  }

  private NodeRuntimes() {}

  /** A use of a shared runtime; closing it lets go (the last one closes the runtime). */
  public static final class Lease implements AutoCloseable {
    private final NodeRuntime runtime;
    private final Path key;
    private boolean closed;

    private Lease(NodeRuntime runtime, Path key) {
      this.runtime = runtime;
      this.key = key;
    }

    public NodeRuntime runtime() {
      return runtime;
    }

    @Override
    public void close() {
      Shared s;
      synchronized (NodeRuntimes.class) {
        if (closed) {
          return;
        }
        closed = true;
        if (key == null) {
          return;
        }
        s = SHARED.get(key);
        if (s == null || s.runtime != runtime || --s.leases > 0) {
          return;
        }
      }
      // The last lease: hand the keys over first (outside the lock; a serde acquiring the
      // runtime meanwhile keeps it open), then close unless someone took it up again.
      Duration wait = s.handoffTimeout != null ? s.handoffTimeout
          : s.byClassName ? Handoff.DEFAULT_TIMEOUT : null;
      if (wait != null && !runtime.isClosed() && !runtime.createdKeyIndices().isEmpty()) {
        runtime.awaitHandoff(wait,
            s.handoffPolicy == null ? HandoffPolicy.KEEPER : s.handoffPolicy);
      }
      synchronized (NodeRuntimes.class) {
        if (s.leases > 0 || SHARED.get(key) != s) {
          return;
        }
        SHARED.remove(key);
      }
      runtime.close();
    }
  }

  /**
   * The runtime for these client properties: {@code kafkacrypto.runtime} if given, else the
   * shared runtime of {@code kafkacrypto.node.config}, started with these properties' connection
   * settings if it is not running yet.
   *
   * @throws NodeStartException if neither property is given or the node cannot start
   */
  public static Lease acquire(Map<String, ?> configs) throws NodeStartException {
    Object given = configs.get(RUNTIME);
    if (given instanceof NodeRuntime rt) {
      return new Lease(rt, null);
    }
    if (given != null) {
      throw new NodeStartException(null, RUNTIME + " must be a " + NodeRuntime.class.getName()
          + ", found " + given.getClass().getName());
    }
    Object path = configs.get(CONFIG);
    if (path == null || path.toString().isBlank()) {
      throw new NodeStartException(null, "set " + CONFIG + " (the node's .config file) or "
          + RUNTIME + " in the client properties");
    }
    Object create = configs.get(CREATE_TOPICS);
    Duration timeout = handoffTimeout(configs.get(HANDOFF_TIMEOUT));
    HandoffPolicy policy = handoffPolicy(configs.get(HANDOFF_POLICY));
    NodeRuntime.Builder b = NodeRuntime.builder(Path.of(path.toString())).kafkaProperties(configs)
        .createTopics(create == null || !"false".equalsIgnoreCase(create.toString().trim()));
    Lease lease = acquire(Path.of(path.toString()), b);
    synchronized (NodeRuntimes.class) {
      Shared s = SHARED.get(lease.key);
      if (s != null && s.runtime == lease.runtime) {
        s.byClassName = true;
        if (timeout != null
            && (s.handoffTimeout == null || timeout.compareTo(s.handoffTimeout) > 0)) {
          s.handoffTimeout = timeout;
        }
        if (policy != null) {
          s.handoffPolicy = policy;
        }
      }
    }
    return lease;
  }

  private static Duration handoffTimeout(Object v) throws NodeStartException {
    if (v == null) {
      return null;
    }
    try {
      long ms = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
      if (ms >= 0) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new NodeStartException(null, HANDOFF_TIMEOUT + " must be a number of milliseconds >= 0,"
        + " found '" + v + "'");
  }

  private static HandoffPolicy handoffPolicy(Object v) throws NodeStartException {
    if (v == null) {
      return null;
    }
    return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "keeper" -> HandoffPolicy.KEEPER;
      case "any" -> HandoffPolicy.ANY;
      default -> throw new NodeStartException(null, HANDOFF_POLICY + " must be keeper or any,"
          + " found '" + v + "'");
    };
  }

  /** The shared runtime of a node config, started with {@code builder} if not running yet. */
  public static Lease acquire(Path configFile, NodeRuntime.Builder builder) throws NodeStartException {
    Objects.requireNonNull(builder, "builder");
    Path key = canonical(configFile);
    synchronized (NodeRuntimes.class) {
      Shared s = SHARED.get(key);
      if (s == null || s.runtime.isClosed()) {
        s = new Shared(builder.start());
        SHARED.put(key, s);
      }
      s.leases++;
      return new Lease(s.runtime, key);
    }
  }

  private static Path canonical(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
