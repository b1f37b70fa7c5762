package io.msistream.kex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a root's key-exchange topics exist (spec 9: one partition each), creating missing
 * ones when allowed. The admin client is made on first use; every call is bounded. Thread-safe.
 */
final class TopicCreator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<Admin> factory;
  private final TopicNames names;
  private final boolean create;
  private Admin admin;
  private boolean closed;
  private volatile boolean stopping;

  TopicCreator(Supplier<Admin> factory, TopicNames names, boolean create) {
    this.factory = factory;
    this.names = names;
    this.create = create;
  }

  /**
   * Checks the three topics of root and creates missing ones with one partition.
   *
   * @throws KeyExchangeTopicsException naming the missing topics when they cannot be created
   */
  void ensure(String root) throws KeyExchangeTopicsException {
    List<String> wanted = names.allOf(root);
    List<String> missing = new ArrayList<>();
    try {
      Admin a = admin();
      Map<String, KafkaFuture<TopicDescription>> d = a.describeTopics(wanted).topicNameValues();
      for (String t : wanted) {
        try {
          await(d.get(t));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new KeyExchangeTopicsException(wanted, "cannot describe " + t + ": "
                + ManagementLoop.describe(e.getCause()), e.getCause());
          }
          missing.add(t);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (!create) {
        throw new KeyExchangeTopicsException(missing, "topic creation is disabled", null);
      }
      Map<String, KafkaFuture<Void>> created = a.createTopics(missing.stream()
          .map(t -> new NewTopic(t, Optional.of(1), Optional.empty())).toList()).values();
      for (String t : missing) {
        try {
          await(created.get(t));
          LOG.info("Created key-exchange topic {} (one partition)", t);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new KeyExchangeTopicsException(missing, ManagementLoop.describe(e.getCause()),
                e.getCause());
          }
        }
      }
    } catch (TimeoutException e) {
      throw new KeyExchangeTopicsException(missing.isEmpty() ? wanted : missing,
          "the broker did not answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyExchangeTopicsException(wanted, "interrupted", e);
    } catch (RuntimeException e) {
      throw new KeyExchangeTopicsException(wanted, ManagementLoop.describe(e), e);
    }
  }

  /** Waits for an admin result at most {@link #TIMEOUT}, giving up early when stopping. */
  private void await(KafkaFuture<?> f)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        f.get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        if (stopping) {
          throw new InterruptedException("the node runtime is closing");
        }
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** Makes running and later calls give up at once (the runtime is closing). */
  void stop() {
    stopping = true;
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (admin == null) {
      admin = factory.get();
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (admin != null) {
      try {
        admin.close(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        LOG.debug("closing the admin client: {}", ManagementLoop.describe(e));
      }
    }
  }
}
