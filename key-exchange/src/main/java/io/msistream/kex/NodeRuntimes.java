package io.msistream.kex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The process-wide registry behind serializers configured by class name: every serde naming the
 * same node config ({@code kafkacrypto.node.config}, compared by canonical path) shares one
 * {@link NodeRuntime}, started by the first and closed when the last lets go. A runtime passed in
 * directly ({@code kafkacrypto.runtime}) is shared but never closed here.
 */
public final class NodeRuntimes {
  /** Client property: path of the node's {@code <id>.config}. */
  public static final String CONFIG = "kafkacrypto.node.config";
  /** Client property: a {@link NodeRuntime} instance to use instead of a path. */
  public static final String RUNTIME = "kafkacrypto.runtime";
  /** Client property: create missing key-exchange topics ({@code true}, the default, or {@code false}). */
  public static final String CREATE_TOPICS = "kafkacrypto.create.topics";

  private static final Map<Path, Shared> SHARED = new HashMap<>();

  private static final class Shared {
    final NodeRuntime runtime;
    int leases;

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
      NodeRuntime toClose = null;
      synchronized (NodeRuntimes.class) {
        if (closed) {
          return;
        }
        closed = true;
        if (key == null) {
          return;
        }
        Shared s = SHARED.get(key);
        if (s != null && s.runtime == runtime && --s.leases <= 0) {
          SHARED.remove(key);
          toClose = runtime;
        }
      }
      if (toClose != null) {
        toClose.close();
      }
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
    NodeRuntime.Builder b = NodeRuntime.builder(Path.of(path.toString())).kafkaProperties(configs)
        .createTopics(create == null || !"false".equalsIgnoreCase(create.toString().trim()));
    return acquire(Path.of(path.toString()), b);
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
