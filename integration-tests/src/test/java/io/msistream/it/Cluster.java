package io.msistream.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Broker administration the scenarios need: topics, client quotas, consumer groups, and a look at
 * the records as stored.
 */
final class Cluster {
  private Cluster() {}

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 10_000,
        "default.api.timeout.ms", 30_000));
  }

  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin a = admin(bootstrap)) {
      a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Limits what producers with {@code clientId} may send to {@code bytesPerSecond} (a broker
   * client quota: the broker delays its answers), so an upload lasts long enough to be
   * interrupted. {@link Throttle#lift()} lifts it.
   */
  static Throttle throttleProducer(String bootstrap, String clientId, long bytesPerSecond)
      throws Exception {
    alter(bootstrap, clientId, (double) bytesPerSecond);
    return new Throttle(bootstrap, clientId);
  }

  private static void alter(String bootstrap, String clientId, Double rate) throws Exception {
    ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
    try (Admin a = admin(bootstrap)) {
      a.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
          List.of(new ClientQuotaAlteration.Op("producer_byte_rate", rate))))).all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** A producer quota in force until lifted. */
  static final class Throttle {
    private final String bootstrap;
    private final String clientId;
    private boolean lifted;

    private Throttle(String bootstrap, String clientId) {
      this.bootstrap = bootstrap;
      this.clientId = clientId;
    }

    /** Removes the quota (once). */
    void lift() {
      if (!lifted) {
        lifted = true;
        try {
          alter(bootstrap, clientId, null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while lifting the quota", e);
        } catch (Exception e) {
          throw new IllegalStateException("cannot lift the quota of " + clientId, e);
        }
      }
    }
  }

  /**
   * The first {@code count} records of {@code topic} (all partitions, from the beginning), as the
   * broker stores them.
   */
  static List<ConsumerRecord<byte[], byte[]>> rawRecords(String bootstrap, String topic, int count,
      Duration timeout) {
    Map<String, Object> p = Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (got.size() < count && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      return got;
    }
  }

  /** The members of a consumer group and how many partitions each is assigned. */
  static List<Integer> partitionsPerMember(String bootstrap, String group) throws Exception {
    try (Admin a = admin(bootstrap)) {
      ConsumerGroupDescription d = a.describeConsumerGroups(List.of(group)).all()
          .get(30, TimeUnit.SECONDS).get(group);
      return d.members().stream().map(MemberDescription::assignment)
          .map(x -> x.topicPartitions().size()).toList();
    }
  }
}
