package io.msistream.tools.reproduce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Sends saved key/value pairs, unchanged, to their topics, in saved order, and reports what
 * happened. Topics are checked first so that a saved message never auto-creates a topic that does
 * not exist any more. Sends are pipelined (the idempotent producer keeps their order) and each
 * acknowledgement is awaited before the summary.
 */
final class Reproducer {
  private final Map<String, Object> producerSettings;
  private final PrintStream out;

  Reproducer(Map<String, Object> producerSettings, PrintStream out) {
    this.producerSettings = producerSettings;
    this.out = out;
  }

  /** What a run did. */
  record Summary(int sent, int failed, int skipped, Set<String> missingTopics) {
    boolean clean() {
      return failed == 0 && skipped == 0 && missingTopics.isEmpty();
    }
  }

  Summary reproduce(SavedMessages saved, boolean dryRun) throws IOException, InterruptedException {
    for (SavedMessages.Skipped s : saved.skipped()) {
      out.println("Skipping " + s.file().getFileName() + ": " + s.reason());
    }
    List<SavedMessages.Pair> toSend = saved.pairs();
    Set<String> missing = new TreeSet<>();
    if (!dryRun && !toSend.isEmpty()) {
      missing.addAll(missingTopics(topicsOf(toSend)));
      for (String t : missing) {
        long n = toSend.stream().filter(p -> p.topic().equals(t)).count();
        out.println("Topic " + t + " does not exist: its " + n + " saved message(s) will not be sent");
      }
      List<SavedMessages.Pair> kept = new ArrayList<>();
      for (SavedMessages.Pair p : toSend) {
        if (!missing.contains(p.topic())) {
          kept.add(p);
        }
      }
      toSend = kept;
    }
    int notSent = saved.pairs().size() - toSend.size();
    if (dryRun) {
      for (SavedMessages.Pair p : toSend) {
        out.println("Would reproduce " + describe(p) + " to " + p.topic());
      }
      out.println("Dry run: " + toSend.size() + " message(s) would be sent, "
          + saved.skipped().size() + " file(s) skipped; nothing was sent.");
      return new Summary(0, 0, saved.skipped().size(), missing);
    }
    AtomicInteger failed = new AtomicInteger();
    Map<String, AtomicInteger> perTopic = new LinkedHashMap<>();
    if (!toSend.isEmpty()) {
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings)) {
        for (SavedMessages.Pair p : toSend) {
          byte[] key;
          byte[] value;
          try {
            key = Files.readAllBytes(p.keyFile());
            value = Files.readAllBytes(p.valueFile());
          } catch (IOException e) {
            out.println("Could not read " + describe(p) + ": " + e.getMessage());
            failed.incrementAndGet();
            continue;
          }
          out.println("Reproducing " + describe(p) + " (" + key.length + "," + value.length
              + ") to " + p.topic());
          AtomicInteger count = perTopic.computeIfAbsent(p.topic(), t -> new AtomicInteger());
          producer.send(new ProducerRecord<>(p.topic(), key, value), (meta, error) -> {
            if (error != null) {
              out.println("Failed to reproduce " + describe(p) + ": " + error);
              failed.incrementAndGet();
            } else {
              count.incrementAndGet();
            }
          });
        }
        out.println("Waiting for producer to send all files to Broker...");
        producer.flush();
      }
    }
    int sent = perTopic.values().stream().mapToInt(AtomicInteger::get).sum();
    StringBuilder b = new StringBuilder("Done! Sent ").append(sent).append(" message(s)");
    if (!perTopic.isEmpty()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      perTopic.forEach((t, c) -> counts.put(t, c.get()));
      b.append(' ').append(counts);
    }
    int failures = failed.get() + notSent;
    if (failures > 0) {
      b.append("; ").append(failures).append(" not sent");
    }
    if (!saved.skipped().isEmpty()) {
      b.append("; ").append(saved.skipped().size()).append(" file(s) skipped");
    }
    out.println(b.append('.'));
    return new Summary(sent, failures, saved.skipped().size(), missing);
  }

  private static String describe(SavedMessages.Pair p) {
    String key = p.keyFile().getFileName().toString();
    String stem = key.substring(0, key.length() - "_key.bin".length());
    return stem + "[_key.bin/_value.bin]";
  }

  private static Set<String> topicsOf(List<SavedMessages.Pair> pairs) {
    Set<String> topics = new LinkedHashSet<>();
    for (SavedMessages.Pair p : pairs) {
      topics.add(p.topic());
    }
    return topics;
  }

  private Set<String> missingTopics(Set<String> topics) throws IOException, InterruptedException {
    Map<String, Object> adminSettings = new HashMap<>();
    Set<String> known = AdminClientConfig.configNames();
    producerSettings.forEach((k, v) -> {
      if (known.contains(k)) {
        adminSettings.put(k, v);
      }
    });
    Set<String> missing = new TreeSet<>();
    try (Admin admin = Admin.create(adminSettings)) {
      Map<String, KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> futures =
          admin.describeTopics(topics).topicNameValues();
      for (Map.Entry<String, KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> e
          : futures.entrySet()) {
        try {
          e.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
            missing.add(e.getKey());
          } else {
            throw new IOException("cannot check topic " + e.getKey() + ": " + ex.getCause(), ex);
          }
        } catch (TimeoutException ex) {
          throw new IOException("the broker did not answer within 60 s when checking topic "
              + e.getKey(), ex);
        }
      }
    }
    return missing;
  }
}
