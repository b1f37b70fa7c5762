package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.testing.Await;
import io.msistream.kex.testing.Clients;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key exchanges between Java nodes through the real in-JVM broker, with copies of the
 * Python-provisioned nodes: separate producer and consumer runtimes, either start order, a
 * producer restart, a limited consumer through a controller, post-quantum exchanges, and one
 * runtime shared by a producer and a consumer.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class NodeRuntimeTest {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntimeTest.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static KeyIndex keyIndexOf(byte[] wire) throws Exception {
    return KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("record").get(0));
  }

  @Test
  void javaProducerToJavaConsumerInSeparateRuntimes(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag);
    try (KafkaProducer<Object, Object> producer = Clients.producer(broker.bootstrapServers(), prodCfg)) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, 0, "key" + i, "value" + i)).get();
      }
      long t0 = System.nanoTime();
      DecryptionWaiter waiter = DecryptionWaiter.create();
      try (KafkaConsumer<CryptoMessage<String>, CryptoMessage<String>> consumer =
          Clients.consumer(broker.bootstrapServers(), consCfg);
          NodeRuntimes.Lease lease = NodeRuntimes.acquire(Map.of(NodeRuntimes.CONFIG, consCfg.toString()))) {
        List<ConsumerRecord<CryptoMessage<String>, CryptoMessage<String>>> records =
            Clients.read(consumer, topic, 3, TIMEOUT);
        long t1 = System.nanoTime();
        assertThat(records.get(0).value().isPossiblyDecryptable()).isTrue();
        CryptoMessage<String> first = waiter.await(records.get(0).value());
        long t2 = System.nanoTime();
        assertThat(first.cleartext()).contains("value0");
        for (int i = 0; i < 3; i++) {
          assertThat(waiter.await(records.get(i).key()).cleartext()).contains("key" + i);
          assertThat(waiter.await(records.get(i).value()).cleartext()).contains("value" + i);
        }
        assertThat(waiter.hadTimeout()).isFalse();
        ExchangeStats s = lease.runtime().stats();
        LOG.info("MEASURED consumer start to first decrypted record: {} ms (first record seen"
            + " after {} ms, key exchange {} ms); management traffic {} request record(s) {} bytes,"
            + " {} reply record(s) {} bytes (KEM types 5,2,1 offered)",
            (t2 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
            s.requestsSent(), s.requestBytes(), s.repliesOpened(), s.repliesOpenedBytes());
        assertThat(s.repliesOpened()).isEqualTo(1);
      }
    }
  }

  @Test
  void consumerStartedBeforeTheProducer(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag);
    DecryptionWaiter waiter = DecryptionWaiter.create();
    try (NodeRuntime consumerNode = NodeRuntime.start(consCfg, Map.of("bootstrap.servers", broker.bootstrapServers()));
        KafkaConsumer<byte[], CryptoMessage<String>> consumer =
            Clients.consumer(broker.bootstrapServers(), consumerNode)) {
      consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
      consumer.seekToBeginning(consumer.assignment());
      consumer.poll(Duration.ofMillis(100));
      try (KafkaProducer<Object, Object> producer = Clients.producer(broker.bootstrapServers(), prodCfg)) {
        producer.send(new ProducerRecord<>(topic, 0, "k", "late producer")).get();
        List<CryptoMessage<String>> got = new ArrayList<>();
        Await.until(TIMEOUT, () -> {
          consumer.poll(Duration.ofMillis(100)).forEach(r -> got.add(r.value()));
          return !got.isEmpty();
        }, "the record");
        assertThat(waiter.await(got.get(0)).cleartext()).contains("late producer");
      }
    }
  }

  @Test
  void aRestartedProducerHasANewKeyIndexAndStillServesTheOldOne(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    // a long re-request interval: only the restarted producer's look-back can answer in time
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag,
        Map.of("crypto_sub_interval", ConfigValue.IntValue.of(600)));
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    byte[] first;
    try (NodeRuntime p1 = NodeRuntime.start(prodCfg, kafka);
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers())) {
      first = p1.encrypt(topic, Context.VALUE, "before restart".getBytes());
      raw.send(new ProducerRecord<>(topic, 0, null, first)).get();
    }
    DecryptionWaiter waiter = DecryptionWaiter.create();
    try (NodeRuntime consumerNode = NodeRuntime.start(consCfg, kafka);
        KafkaConsumer<byte[], CryptoMessage<String>> consumer =
            Clients.consumer(broker.bootstrapServers(), consumerNode)) {
      CryptoMessage<String> old = Clients.read(consumer, topic, 1, TIMEOUT).get(0).value();
      assertThat(old.isPossiblyDecryptable()).isTrue();
      Await.until(TIMEOUT, () -> consumerNode.stats().requestsSent() > 0, "the key request");
      try (NodeRuntime p2 = NodeRuntime.start(prodCfg, kafka);
          KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers())) {
        byte[] second = p2.encrypt(topic, Context.VALUE, "after restart".getBytes());
        assertThat(keyIndexOf(second)).isNotEqualTo(keyIndexOf(first));
        raw.send(new ProducerRecord<>(topic, 0, null, second)).get();
        // the request made while the producer was down is answered from oldkeys at once
        assertThat(waiter.await(old).cleartext()).contains("before restart");
        List<ConsumerRecord<byte[], CryptoMessage<String>>> both = Clients.read(consumer, topic, 2, TIMEOUT);
        assertThat(waiter.await(both.get(1).value()).cleartext()).contains("after restart");
        assertThat(waiter.hadTimeout()).isFalse();
      }
    }
  }

  @Test
  void aReplyWrittenBeforeTheConsumersNextPollIsNotMissed(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    // the consumer's management thread is held right after it sent its request until the
    // producer's reply is on R.keys, so the reply is there before that thread polls again: R.keys
    // must have been positioned before the request, or the reply is skipped (and with a 600 s
    // re-request interval never asked for again within the test)
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag,
        Map.of("crypto_sub_interval", ConfigValue.IntValue.of(600)));
    CountDownLatch replied = new CountDownLatch(1);
    AtomicBoolean heldUntilReplied = new AtomicBoolean();
    try (NodeRuntime producerNode = NodeRuntime.builder(TestNodes.copy(dir, "oms_producer", tag))
            .kafkaProperties(kafka).listener(new KeyExchangeListener() {
              @Override
              public void keysDelivered(String root, List<KeyIndex> kis,
                  io.msistream.crypto.cert.PublicKey requester) {
                replied.countDown();
              }
            }).start();
        NodeRuntime consumerNode = NodeRuntime.builder(consCfg).kafkaProperties(kafka)
            .listener(new KeyExchangeListener() {
              @Override
              public void keysRequested(String root, List<KeyIndex> kis) {
                try {
                  heldUntilReplied.set(replied.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }).start()) {
      byte[] wire = producerNode.encrypt(topic, Context.VALUE, "fast reply".getBytes());
      assertThat(consumerNode.decrypt(topic, Context.VALUE, wire))
          .isInstanceOf(DecodeResult.PossiblyDecryptable.class);
      consumerNode.keyArrival("openmsitest", keyIndexOf(wire)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(heldUntilReplied).isTrue();
      assertThat(consumerNode.decrypt(topic, Context.VALUE, wire))
          .isInstanceOf(DecodeResult.Cleartext.class);
    }
  }

  @Test
  void missingTopicsAreCreatedWithOnePartitionAndManagementRecordsUsePartition0(
      LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    // test_oms_encrypted's key-exchange topics exist with 3 partitions; openmsitest's are missing
    List<String> wide = List.of("test_oms_encrypted.keys_" + tag, "test_oms_encrypted.reqs_" + tag,
        "test_oms_encrypted.subs_" + tag);
    List<String> created = List.of("openmsitest.keys_" + tag, "openmsitest.reqs_" + tag,
        "openmsitest.subs_" + tag);
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(wide.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList())
          .all().get(30, TimeUnit.SECONDS);
      try (NodeRuntime producerNode = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka);
          NodeRuntime consumerNode = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka)) {
        for (String root : List.of("openmsitest", "test_oms_encrypted")) {
          String topic = root + ".data_" + tag;
          byte[] wire = producerNode.encrypt(topic, Context.VALUE, root.getBytes());
          assertThat(consumerNode.decrypt(topic, Context.VALUE, wire))
              .isInstanceOf(DecodeResult.PossiblyDecryptable.class);
          consumerNode.keyArrival(root, keyIndexOf(wire)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          assertThat(consumerNode.decrypt(topic, Context.VALUE, wire))
              .isInstanceOf(DecodeResult.Cleartext.class);
        }
        // at least one reply per root (a request repeated while the first reply was on its way,
        // as on a loaded machine, is answered again)
        Await.until(TIMEOUT, () -> producerNode.stats().repliesSent() >= 2, "both replies");
      }
      Map<String, org.apache.kafka.clients.admin.TopicDescription> d =
          admin.describeTopics(created).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(created).allSatisfy(t -> assertThat(d.get(t).partitions()).hasSize(1));
      // the request (subs, reqs) and the reply (keys) of the wide root are all in partition 0
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : wide) {
        for (int p = 0; p < 3; p++) {
          parts.add(new TopicPartition(t, p));
        }
      }
      Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(
          parts.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
          .all().get(30, TimeUnit.SECONDS);
      for (TopicPartition tp : parts) {
        if (tp.partition() == 0) {
          assertThat(ends.get(tp).offset()).as("records in %s", tp).isPositive();
        } else {
          assertThat(ends.get(tp).offset()).as("records in %s", tp).isZero();
        }
      }
    }
  }

  @Test
  void aLimitedConsumerGetsKeysThroughAController(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.images_" + tag;
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    List<String> delivered = new CopyOnWriteArrayList<>();
    try (NodeRuntime controller = NodeRuntime.builder(TestNodes.copy(dir, "oms_controller", tag))
            .kafkaProperties(kafka).controller(true).start();
        NodeRuntime producerNode = NodeRuntime.builder(TestNodes.copy(dir, "oms_producer", tag))
            .kafkaProperties(kafka).listener(new KeyExchangeListener() {
              @Override
              public void keysDelivered(String root, List<KeyIndex> kis,
                  io.msistream.crypto.cert.PublicKey requester) {
                delivered.add(root + " " + kis.size() + " " + requester);
              }
            }).start();
        NodeRuntime consumerNode = NodeRuntime.start(TestNodes.copy(dir, "oms_limited_consumer", tag), kafka);
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], CryptoMessage<String>> consumer =
            Clients.consumer(broker.bootstrapServers(), consumerNode)) {
      raw.send(new ProducerRecord<>(topic, 0, null,
          producerNode.encrypt(topic, Context.VALUE, "via controller".getBytes()))).get();
      CryptoMessage<String> m = Clients.read(consumer, topic, 1, TIMEOUT).get(0).value();
      assertThat(DecryptionWaiter.create().await(m).cleartext()).contains("via controller");
      Await.until(TIMEOUT, () -> consumerNode.stats().requestsSent() > 0, "the request count");
      Await.until(TIMEOUT, () -> controller.stats().relaysSent() > 0, "the relay count");
      Await.until(TIMEOUT, () -> !delivered.isEmpty(), "the delivery event");
      // the requester the producer saw is the controller, which signed the relayed request
      assertThat(delivered.get(0)).startsWith("openmsitest 1 ")
          .endsWith(controllerKey(dir).toString());
      // the limited consumer's chain does not allow R.reqs: the relay is the only record there
      TopicPartition reqs = new TopicPartition("openmsitest.reqs_" + tag, 0);
      try (Admin admin = Admin.create(kafka)) {
        assertThat(admin.listOffsets(Map.of(reqs, OffsetSpec.latest())).partitionResult(reqs)
            .get(30, TimeUnit.SECONDS).offset()).as("records on %s", reqs).isEqualTo(1);
      }
    }
  }

  private static io.msistream.crypto.cert.PublicKey controllerKey(Path dir) throws Exception {
    try (var n = io.msistream.crypto.node.Node.load(dir.resolve("oms_controller"))) {
      return n.keys().get(0).key().publicKey();
    }
  }

  @Test
  void postQuantumNodesExchangeWithMlKemSntrupAndX25519(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    for (int[] consumerTypes : new int[][] {{5, 2, 1}, {2, 1}, {1}}) {
      String tag = TestNodes.tag();
      String topic = "test_oms_encrypted.pq_" + tag;
      Path sub = Files.createDirectories(dir.resolve(tag));
      Path consCfg = TestNodes.copy(sub, "oms_pq_consumer", tag);
      TestNodes.setKemTypes(consCfg, consumerTypes);
      List<KemType> used = new CopyOnWriteArrayList<>();
      try (NodeRuntime producerNode = NodeRuntime.start(TestNodes.copy(sub, "oms_pq_producer", tag), kafka);
          NodeRuntime consumerNode = NodeRuntime.start(consCfg, kafka);
          KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
          KafkaConsumer<byte[], CryptoMessage<String>> consumer =
              Clients.consumer(broker.bootstrapServers(), consumerNode)) {
        raw.send(new ProducerRecord<>(topic, 0, null,
            producerNode.encrypt(topic, Context.VALUE, "post-quantum".getBytes()))).get();
        CryptoMessage<String> m = Clients.read(consumer, topic, 1, TIMEOUT).get(0).value();
        assertThat(DecryptionWaiter.create().await(m).cleartext()).contains("post-quantum");
        ExchangeStats s = consumerNode.stats();
        LOG.info("MEASURED KEM types {} offered: request {} bytes in {} record(s), reply {} bytes",
            java.util.Arrays.toString(consumerTypes), s.requestBytes(), s.requestsSent(),
            s.repliesOpenedBytes());
        // the reply's size shows the type used: 6 (ML-KEM) > 3 (sntrup761) > 1 (X25519)
        int first = consumerTypes[0];
        assertThat(s.repliesOpenedBytes()).isBetween(first == 5 ? 2000L : first == 2 ? 1500L : 600L,
            first == 5 ? 2600L : first == 2 ? 2000L : 800L);
      }
    }
  }

  @Test
  void aProducerAndAConsumerInOneProcessShareTheRuntime(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.self_" + tag;
    Path cfg = TestNodes.copy(dir, "oms_prodcon", tag);
    try (KafkaProducer<Object, Object> producer = Clients.producer(broker.bootstrapServers(), cfg);
        KafkaConsumer<CryptoMessage<String>, CryptoMessage<String>> consumer =
            Clients.consumer(broker.bootstrapServers(), cfg);
        NodeRuntimes.Lease lease = NodeRuntimes.acquire(Map.of(NodeRuntimes.CONFIG, cfg.toString(),
            NodeRuntimes.HANDOFF_TIMEOUT, 0))) {
      producer.send(new ProducerRecord<>(topic, 0, "k", "own record")).get();
      var r = Clients.read(consumer, topic, 1, TIMEOUT).get(0);
      // decrypted at once with the node's own key: no key exchange needed
      assertThat(r.value().cleartext()).contains("own record");
      assertThat(r.key().cleartext()).contains("k");
      assertThat(lease.runtime().stats().requestsSent()).isZero();
      assertThat(lease.runtime().createdKeyIndices()).hasSize(1);
    }
  }
}
