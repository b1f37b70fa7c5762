package io.msistream.tools.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.CryptoMessage;
import io.msistream.kex.DecryptionWaiter;
import io.msistream.kex.Handoff;
import io.msistream.kex.HandoffPolicy;
import io.msistream.kex.KafkaCryptoDeserializer;
import io.msistream.kex.KeyExchangeListener;
import io.msistream.kex.NodeRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A keeper against the real broker, with copies of the Python-provisioned nodes and fresh nodes
 * of the same root of trust: a short-lived producer's handoff wait sees the keeper's request
 * answered; a consumer started after the producer is gone (and after the keeper restarted)
 * decrypts every record with keys from the keeper; a consumer not allowed on the root gets
 * nothing; a keeper not provisioned for a root keeps nothing of it and says why once.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class KeeperTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String ROOT = "openmsitest";
  private static final String OTHER_ROOT = "test_oms_encrypted";

  @TempDir Path tmp;

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static Map<String, Object> kafka(LocalKafkaBroker broker) {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  private static void createTopics(LocalKafkaBroker broker, Map<String, Integer> partitions)
      throws Exception {
    try (Admin admin = Admin.create(kafka(broker))) {
      List<NewTopic> topics = new ArrayList<>();
      partitions.forEach((t, n) -> topics.add(new NewTopic(t, n, (short) 1)));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static PublicKey signingKey(Path nodeConfig) throws Exception {
    try (Node n = Node.loadConfig(nodeConfig)) {
      return n.keys().get(0).key().publicKey();
    }
  }

  private static KeyIndex keyIndexOf(byte[] wire) throws Exception {
    return KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("record").get(0));
  }

  private Keeper startKeeper(LocalKafkaBroker broker, Path nodeConfig, String... topics)
      throws Exception {
    Path config = TestNodes.streamConfig(tmp, "keeper-" + UUID.randomUUID(),
        broker.bootstrapServers(), nodeConfig);
    return Keeper.start(KeeperOptions.of(config, List.of(topics)).withDirs(TestNodes.dirs(tmp)));
  }

  /** A short-lived producer: one node runtime, some records, the handoff wait, close. */
  private static List<KeyIndex> produce(LocalKafkaBroker broker, Path producerCfg,
      Map<String, List<String>> recordsByTopic, Duration handoff, boolean expectComplete)
      throws Exception {
    Map<String, Object> p = new HashMap<>(kafka(broker));
    p.put("linger.ms", "0");
    List<KeyIndex> kis = new ArrayList<>();
    try (NodeRuntime rt = NodeRuntime.start(producerCfg, kafka(broker));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer())) {
      int i = 0;
      for (Map.Entry<String, List<String>> e : recordsByTopic.entrySet()) {
        for (String text : e.getValue()) {
          byte[] key = rt.encrypt(e.getKey(), Context.KEY, ("key-" + i++).getBytes(StandardCharsets.UTF_8));
          byte[] value = rt.encrypt(e.getKey(), Context.VALUE, text.getBytes(StandardCharsets.UTF_8));
          producer.send(new ProducerRecord<>(e.getKey(), key, value)).get();
          if (!kis.contains(keyIndexOf(value))) {
            kis.add(keyIndexOf(value));
          }
        }
      }
      producer.flush();
      Handoff h = rt.awaitHandoff(handoff, HandoffPolicy.KEEPER);
      assertThat(h.complete()).as("handoff %s", h).isEqualTo(expectComplete);
      if (expectComplete) {
        assertThat(h.handedOff()).hasSize(recordsByTopic.size());
      }
    }
    return kis;
  }

  /** Reads {@code n} records of {@code topics} from the start and decrypts their values. */
  private static List<String> consumeAll(LocalKafkaBroker broker, NodeRuntime consumerNode,
      Set<String> topics, int n) throws Exception {
    Map<String, Object> p = new HashMap<>(kafka(broker));
    p.put("group.id", "g-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    DecryptionWaiter waiter = DecryptionWaiter.create(TIMEOUT, TIMEOUT);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<CryptoMessage<String>, CryptoMessage<String>> c = new KafkaConsumer<>(p,
        new KafkaCryptoDeserializer<>(consumerNode, new StringDeserializer(), true),
        new KafkaCryptoDeserializer<>(consumerNode, new StringDeserializer(), false))) {
      c.subscribe(topics);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<CryptoMessage<String>, CryptoMessage<String>> r
            : c.poll(Duration.ofMillis(200))) {
          assertThat(waiter.await(r.key()).cleartext()).as("key of %s", r).isPresent();
          out.add(waiter.await(r.value()).cleartext().orElseThrow(
              () -> new AssertionError("undecryptable value in " + r.topic() + "@" + r.offset())));
        }
      }
    }
    return out;
  }

  @Test
  void aLateConsumerDecryptsEveryRecordWithKeysFromTheKeeperAfterTheProducerLeftAndTheKeeperRestarted(
      LocalKafkaBroker broker) throws Exception {
    String tag = TestNodes.tag();
    String topic = ROOT + ".data_" + tag;
    String otherTopic = OTHER_ROOT + ".data_" + tag;
    createTopics(broker, Map.of(topic, 2, otherTopic, 1));
    Path keeperCfg = TestNodes.copy(tmp, "oms_prodcon", tag);
    Path producerCfg = TestNodes.copy(tmp, "oms_producer", tag);
    Path consumerCfg = TestNodes.copy(tmp, "oms_consumer", tag);
    List<KeyIndex> kis = new ArrayList<>();
    Path keyFile;
    try (Keeper keeper = startKeeper(broker, keeperCfg, topic, otherTopic)) {
      assertThat(keeper.roots()).containsExactly(ROOT, OTHER_ROOT);
      keyFile = keeper.keyFile();
      // two runs of a short-lived producer (a restart gives new key indices)
      kis.addAll(produce(broker, producerCfg, Map.of(topic, List.of("a1", "a2", "a3"),
          otherTopic, List.of("b1", "b2")), TIMEOUT, true));
      kis.addAll(produce(broker, producerCfg, Map.of(topic, List.of("a4", "a5")), TIMEOUT, true));
      assertThat(kis).hasSize(2);  // one index per run, the same for both roots of a run
      // the handoff ends when the reply is on the broker; the keeper stores it just after
      await(() -> keeper.status().totalKeysHeld() == 3 && keeper.status().recordsRead() == 7,
          "the keeper to store the keys and read every record");
      assertThat(keeper.holds(ROOT, kis.get(0))).isTrue();
      assertThat(keeper.holds(OTHER_ROOT, kis.get(0))).isTrue();
      assertThat(keeper.holds(ROOT, kis.get(1))).isTrue();
      KeeperStatus s = keeper.status();
      assertThat(s.totalKeysHeld()).isEqualTo(3);
      assertThat(s.keysWanted()).isZero();
      assertThat(s.keysAcquired()).isEqualTo(3);
      assertThat(s.recordsRead()).isEqualTo(7);
      assertThat(s.line()).contains("Key keeper oms_prodcon", "3 key(s) held",
          "0 request(s) answered");
    }
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    // every producer is gone; the keeper restarts from its file and serves
    try (Keeper keeper = startKeeper(broker, keeperCfg, topic, otherTopic)) {
      assertThat(keeper.status().totalKeysHeld()).isEqualTo(3);
      List<PublicKey> from = new CopyOnWriteArrayList<>();
      try (NodeRuntime consumer = NodeRuntime.builder(consumerCfg).kafkaProperties(kafka(broker))
          .listener(new KeyExchangeListener() {
            @Override
            public void keysReceived(String root, List<KeyIndex> got, PublicKey producer) {
              from.add(producer);
            }
          }).start()) {
        List<String> values = consumeAll(broker, consumer, Set.of(topic, otherTopic), 7);
        assertThat(values).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5", "b1", "b2");
        assertThat(from).isNotEmpty().containsOnly(signingKey(keeperCfg));
      }
      await(() -> keeper.status().keysServed() >= 3, "the keeper's answers counted");
      assertThat(keeper.status().requestsAnswered()).isPositive();
      // the restarted keeper did not read the records again (committed offsets)
      assertThat(keeper.status().recordsRead()).isZero();
    }
  }

  @Test
  void aConsumerNotAllowedOnTheRootGetsNothingFromTheKeeper(LocalKafkaBroker broker)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = ROOT + ".data_" + tag;
    createTopics(broker, Map.of(topic, 1));
    Path keeperCfg = TestNodes.copy(tmp, "oms_prodcon", tag);
    Path producerCfg = TestNodes.copy(tmp, "oms_producer", tag);
    Path strangerCfg = TestNodes.provision(tmp, "stranger", NodeRole.CONSUMER,
        List.of("otherroot"), tag);
    Path consumerCfg = TestNodes.copy(tmp, "oms_consumer", tag);
    try (Keeper keeper = startKeeper(broker, keeperCfg, topic)) {
      KeyIndex ki = produce(broker, producerCfg, Map.of(topic, List.of("secret")), TIMEOUT, true)
          .get(0);
      long droppedBefore = keeper.runtime().stats().dropped();
      long answeredBefore = keeper.status().requestsAnswered();
      try (NodeRuntime stranger = NodeRuntime.start(strangerCfg, kafka(broker))) {
        stranger.requestKeys(ROOT, List.of(ki));
        await(() -> keeper.runtime().stats().dropped() > droppedBefore,
            "the keeper to read and refuse the stranger's request");
        assertThat(stranger.hasKey(ROOT, ki)).isFalse();
        assertThat(stranger.stats().repliesOpened()).isZero();
        assertThat(keeper.status().requestsAnswered()).isEqualTo(answeredBefore);
      }
      // the same key for a consumer that is allowed: the keeper answers
      try (NodeRuntime consumer = NodeRuntime.start(consumerCfg, kafka(broker))) {
        consumer.requestKeys(ROOT, List.of(ki));
        consumer.keyArrival(ROOT, ki).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aKeeperNotProvisionedForARootKeepsNothingOfItAndSaysWhyOnce(LocalKafkaBroker broker)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = ROOT + ".data_" + tag;
    String otherTopic = OTHER_ROOT + ".data_" + tag;
    String otherTopic2 = OTHER_ROOT + ".more_" + tag;
    createTopics(broker, Map.of(topic, 1, otherTopic, 1, otherTopic2, 1));
    Path keeperCfg = TestNodes.provision(tmp, "half_keeper", NodeRole.PRODCON, List.of(ROOT), tag);
    Path producerCfg = TestNodes.copy(tmp, "oms_producer", tag);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger keeperLog = (Logger) LoggerFactory.getLogger(Keeper.class);
    keeperLog.addAppender(log);
    try (Keeper keeper = startKeeper(broker, keeperCfg, topic, otherTopic, otherTopic2)) {
      assertThat(keeper.roots()).containsExactly(ROOT);
      assertThat(keeper.skippedRoots()).containsOnlyKeys(OTHER_ROOT);
      List<String> requestedRoots = new CopyOnWriteArrayList<>();
      keeper.runtime().addListener(new KeyExchangeListener() {
        @Override
        public void keysRequested(String root, List<KeyIndex> kis) {
          requestedRoots.add(root);
        }
      });
      // records of the other root first, then of the kept one
      List<KeyIndex> kis = new ArrayList<>();
      Map<String, Object> p = new HashMap<>(kafka(broker));
      try (NodeRuntime rt = NodeRuntime.start(producerCfg, kafka(broker));
          KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
              new ByteArraySerializer())) {
        for (String t : List.of(otherTopic, otherTopic2, topic)) {
          byte[] v = rt.encrypt(t, Context.VALUE, t.getBytes(StandardCharsets.UTF_8));
          producer.send(new ProducerRecord<>(t, v)).get();
          kis.add(keyIndexOf(v));
        }
        await(() -> rt.handoffState(HandoffPolicy.KEEPER).handedOff().size() == 1,
            "the kept root's key handed to the keeper");
        Handoff h = rt.handoffState(HandoffPolicy.KEEPER);
        assertThat(h.handedOff()).containsExactly(new Handoff.Key(ROOT, kis.get(2)));
        assertThat(h.notHandedOff()).containsExactly(new Handoff.Key(OTHER_ROOT, kis.get(0)));
      }
      await(() -> keeper.holds(ROOT, kis.get(2)), "the keeper to store the key");
      assertThat(keeper.holds(OTHER_ROOT, kis.get(0))).isFalse();
      assertThat(requestedRoots).isNotEmpty().containsOnly(ROOT);
      assertThat(keeper.status().keysHeld()).containsOnlyKeys(ROOT);
    } finally {
      keeperLog.detachAppender(log);
    }
    assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains(
        "not provisioned to serve root " + OTHER_ROOT)).hasSize(1);
  }
}
