package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.cert.CertificateBuilder;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.Poison;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.protocol.Outgoing;
import io.msistream.kex.protocol.Requester;
import io.msistream.kex.testing.Await;
import io.msistream.kex.testing.Clients;
import io.msistream.kex.testing.InteropNodes;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything that must not yield keys does not, and nothing throws: a consumer not allowed on the
 * topic, a node of the wrong role, a consumer from an unknown root, a denylisted producer; a
 * tampered record stays undecrypted; garbage management records are dropped while exchanges go on.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class RefusalTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static Map<String, Object> kafka(LocalKafkaBroker broker) {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  /** Produces one encrypted record and returns what the consumer runtime reads for it. */
  private static CryptoMessage<String> exchangeOnce(LocalKafkaBroker broker, NodeRuntime producer,
      NodeRuntime consumer, String topic, String text) throws Exception {
    try (KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], CryptoMessage<String>> c = Clients.consumer(broker.bootstrapServers(), consumer)) {
      raw.send(new ProducerRecord<>(topic, 0, null, producer.encrypt(topic, Context.VALUE, text.getBytes()))).get();
      return Clients.read(c, topic, 1, TIMEOUT).get(0).value();
    }
  }

  private static void assertStillPending(NodeRuntime consumer, CryptoMessage<String> m) {
    assertThat(m).isInstanceOf(CryptoMessage.Pending.class);
    CryptoMessage.Pending<String> p = (CryptoMessage.Pending<String>) m;
    assertThat(p.retry()).isInstanceOf(CryptoMessage.Pending.class);
    assertThat(consumer.hasKey(p.root(), p.keyIndex())).isFalse();
    assertThat(p.keyKnown()).isFalse();
  }

  @Test
  void aConsumerNotAllowedOnTheTopicGetsNoKeys(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime controller = NodeRuntime.builder(TestNodes.copy(dir, "oms_controller", tag))
            .kafkaProperties(kafka(broker)).controller(true).start();
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker));
        NodeRuntime limited = NodeRuntime.start(TestNodes.copy(dir, "oms_limited_consumer", tag), kafka(broker))) {
      // a root in nobody's certificate: the producer refuses the consumer's request
      CryptoMessage<String> m = exchangeOnce(broker, producer, consumer, "forbidden.data_" + tag, "secret");
      Await.until(TIMEOUT, () -> producer.stats().dropped() > 0, "the producer refusing the request");
      assertStillPending(consumer, m);
      // the limited consumer's certificate names openmsitest only: the controller refuses to relay
      CryptoMessage<String> l = exchangeOnce(broker, producer, limited, "test_oms_encrypted.data_" + tag, "secret");
      Await.until(TIMEOUT, () -> controller.stats().dropped() > 0, "the controller refusing the request");
      assertStillPending(limited, l);
      assertThat(controller.stats().relaysSent()).isZero();
      assertThat(producer.stats().repliesSent()).isZero();
    }
  }

  @Test
  void aNodeOfTheWrongRoleGetsNoKeys(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    // oms_producer acting as a consumer: its chain grants key-encrypt only
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_prodcon", tag), kafka(broker));
        NodeRuntime controller = NodeRuntime.builder(TestNodes.copy(dir, "oms_controller", tag))
            .kafkaProperties(kafka(broker)).controller(true).start();
        NodeRuntime wrong = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker))) {
      CryptoMessage<String> m = exchangeOnce(broker, producer, wrong, "openmsitest.data_" + tag, "secret");
      Await.until(TIMEOUT, () -> controller.stats().dropped() > 0, "the controller refusing the request");
      assertStillPending(wrong, m);
      assertThat(producer.stats().repliesSent()).isZero();
    }
  }

  @Test
  void aConsumerFromAnUnknownRootGetsNoKeys(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    Path producerCfg = TestNodes.copy(dir, "oms_producer", tag);
    // the producer trusts another root only
    try (SigningKey other = ProvisioningCerts.temporaryRootKey()) {
      TestNodes.set(producerCfg, "allowlist", "rot0",
          new ConfigValue.BytesValue(ProvisioningCerts.rootOfTrust(other.publicKey())));
    }
    try (NodeRuntime producer = NodeRuntime.start(producerCfg, kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker))) {
      CryptoMessage<String> m = exchangeOnce(broker, producer, consumer, "openmsitest.data_" + tag, "secret");
      Await.until(TIMEOUT, () -> producer.stats().dropped() > 0, "the producer refusing the request");
      assertStillPending(consumer, m);
      assertThat(producer.stats().repliesSent()).isZero();
    }
  }

  /** A self-revocation of {@code key} for the denylist topic: a chain [K unsigned, K-signed leaf]. */
  private static byte[] selfRevocation(SigningKey key) {
    byte[] entry = CertificateBuilder.create().key(key.publicKey()).encode();
    byte[] leaf = CertificateBuilder.create()
        .poison(Poison.of(Poison.usages(NodeRole.Usage.DENYLIST))).key(key.publicKey())
        .extraBin(entry).encode();
    return Chain.of(List.of(entry, key.sign(leaf))).encode();
  }

  @Test
  void aDenylistedProducersKeysAreRefusedAtOnce(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    Path producerCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path consumerCfg = TestNodes.copy(dir, "oms_consumer", tag);
    byte[] revocation;
    try (Node n = Node.loadConfig(producerCfg)) {
      revocation = selfRevocation(n.keys().get(0).key());
    }
    try (NodeRuntime producer = NodeRuntime.start(producerCfg, kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(consumerCfg, kafka(broker));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers())) {
      raw.send(new ProducerRecord<>("denylist_" + tag, 0, null, revocation)).get();
      Await.until(TIMEOUT, () -> denylistSize(consumerCfg) == 1, "the denylist entry to be stored");
      CryptoMessage<String> m = exchangeOnce(broker, producer, consumer, "openmsitest.data_" + tag, "secret");
      Await.until(TIMEOUT, () -> producer.stats().repliesSent() > 0, "the producer's reply");
      Await.until(TIMEOUT, () -> consumer.stats().dropped() > 0, "the consumer refusing the reply");
      assertStillPending(consumer, m);
      assertThat(consumer.stats().repliesOpened()).isZero();
    }
  }

  private static int denylistSize(Path config) {
    try {
      return NodeConfig.read(config).denylist().size();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void tamperedAndForeignRecordsStayUndecryptedWithoutErrors(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], CryptoMessage<String>> c = Clients.consumer(broker.bootstrapServers(), consumer)) {
      byte[] good = producer.encrypt(topic, Context.VALUE, "intact".getBytes());
      byte[] tampered = producer.encrypt(topic, Context.VALUE, "tampered".getBytes());
      tampered[tampered.length - 1] ^= 1;
      byte[] plain = "not encrypted at all".getBytes();
      byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
      for (byte[] v : List.of(good, tampered, plain, truncated)) {
        raw.send(new ProducerRecord<>(topic, 0, null, v)).get();
      }
      List<CryptoMessage<String>> got = Clients.read(c, topic, 4, TIMEOUT).stream().map(r -> r.value()).toList();
      DecryptionWaiter waiter = DecryptionWaiter.create();
      assertThat(waiter.await(got.get(0)).cleartext()).contains("intact");
      CryptoMessage<String> t = waiter.await(got.get(1));
      assertThat(t).isInstanceOf(CryptoMessage.Pending.class);
      assertThat(((CryptoMessage.Pending<String>) t).keyKnown()).isTrue(); // the key is there; the record is bad
      assertThat(t.raw()).isEqualTo(tampered);
      assertThat(got.get(2)).isInstanceOf(CryptoMessage.Undecryptable.class);
      assertThat(got.get(2).raw()).isEqualTo(plain);
      assertThat(waiter.await(got.get(3)).isCleartext()).isFalse();
      assertThat(waiter.hadTimeout()).isFalse();
    }
  }

  @Test
  void garbageManagementRecordsAreDroppedAndTheThreadGoesOn(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    Random rnd = new Random(42);
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker));
        NodeRuntime controller = NodeRuntime.builder(TestNodes.copy(dir, "oms_controller", tag))
            .kafkaProperties(kafka(broker)).controller(true).start();
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers())) {
      producer.encrypt(topic, Context.VALUE, new byte[0]); // the producer now serves openmsitest
      consumer.ensureTopics("openmsitest");
      consumer.requestKeys("openmsitest", List.of(KeyIndex.ofBytes(new byte[32])));
      Await.until(TIMEOUT, () -> consumer.stats().requestsSent() > 0, "a first request");
      byte[][] garbage = {null, new byte[0], {(byte) 0x93}, {(byte) 0xc4, 0x7f},
          io.msistream.crypto.msgpack.Msgpack.pack(p -> p.packArrayHeader(2).packInt(1).packInt(2)),
          randomBytes(rnd, 600), randomBytes(rnd, 3000)};
      for (String t : List.of("openmsitest.keys_" + tag, "openmsitest.reqs_" + tag,
          "openmsitest.subs_" + tag, "chains_" + tag, "allowlist_" + tag, "denylist_" + tag)) {
        for (byte[] g : garbage) {
          raw.send(new ProducerRecord<>(t, 0, randomBytes(rnd, 8), g));
          raw.send(new ProducerRecord<>(t, 0, null, g));
        }
      }
      raw.flush();
      Await.until(TIMEOUT, () -> producer.stats().dropped() >= garbage.length
          && controller.stats().dropped() >= garbage.length, "the garbage to be dropped");
      // the threads still work: a real exchange succeeds afterwards
      CryptoMessage<String> m = exchangeOnce(broker, producer, consumer, topic, "still working");
      assertThat(DecryptionWaiter.create().await(m).cleartext()).contains("still working");
    }
  }

  @Test
  void anExpiredRequestIsDroppedAndTheThreadGoesOn(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        Requester old = Requester.create(List.of(KemType.X25519), false, new SecureRandom())) {
      byte[] wire = producer.encrypt(topic, Context.VALUE, "after an expired request".getBytes());
      KeyIndex ki = KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("r").get(0));
      producer.ensureTopics("openmsitest");
      // a request by the allowed consumer, valid in every way but its leaf expired a minute ago
      double now = System.currentTimeMillis() / 1000.0;
      Outgoing expired = old.request("openmsitest", List.of(ki),
          List.of(InteropNodes.signer("oms_consumer")), now - 3600, now - 60);
      raw.send(new ProducerRecord<>("openmsitest.reqs_" + tag, 0, expired.recordKey(),
          expired.values().get(0))).get();
      Await.until(TIMEOUT, () -> producer.stats().dropped() > 0, "the expired request to be dropped");
      assertThat(producer.stats().repliesSent()).isZero();
      // the thread goes on: a live request is answered
      assertThat(consumer.decrypt(topic, Context.VALUE, wire))
          .isInstanceOf(DecodeResult.PossiblyDecryptable.class);
      consumer.keyArrival("openmsitest", ki).get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(producer.stats().repliesSent()).isEqualTo(1);
    }
  }

  @Test
  void replayedRequestsAndRepliesChangeNothing(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
            "bootstrap.servers", broker.bootstrapServers(), "group.id", "replay-" + tag),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      CryptoMessage<String> m = exchangeOnce(broker, producer, consumer, "openmsitest.data_" + tag, "once");
      assertThat(DecryptionWaiter.create().await(m).cleartext()).contains("once");
      Await.until(TIMEOUT, () -> producer.stats().repliesSent() == 1, "the reply count");
      var request = Clients.read(reader, "openmsitest.reqs_" + tag, 1, TIMEOUT).get(0);
      var reply = Clients.read(reader, "openmsitest.keys_" + tag, 1, TIMEOUT).get(0);
      long droppedBefore = producer.stats().dropped();
      raw.send(new ProducerRecord<>(request.topic(), 0, request.key(), request.value()));
      raw.send(new ProducerRecord<>(reply.topic(), 0, reply.key(), reply.value())).get();
      Await.until(TIMEOUT, () -> producer.stats().dropped() > droppedBefore, "the replayed request to be dropped");
      assertThat(producer.stats().repliesSent()).isEqualTo(1);
      // a replayed reply is opened again (its request's secrets are kept) but stores nothing new
      Await.until(TIMEOUT, () -> consumer.stats().repliesOpened() == 2, "the replayed reply");
      assertThat(consumer.stats().dropped()).isZero();
    }
  }

  @Test
  void aRecordNamingAnUnencodableKeyIndexDoesNotStopRequestsForItsRoot(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    // a record whose key index is the float 1e30: Python looks it up (and finds nothing); it must
    // not keep the real key index of the same root from being requested
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker))) {
      byte[] good = producer.encrypt(topic, Context.VALUE, "after a bad record".getBytes());
      byte[] bad = io.msistream.crypto.msgpack.Msgpack.pack(p -> {
        p.packByte((byte) 1); // the 0x01 prefix (a positive fixint is that very byte)
        p.packArrayHeader(3).packDouble(1e30);
        p.packBinaryHeader(16).writePayload(new byte[16]);
        p.packBinaryHeader(20).writePayload(new byte[20]);
      });
      assertThat(consumer.decrypt(topic, Context.VALUE, bad)).isNotInstanceOf(DecodeResult.Cleartext.class);
      assertThat(consumer.decrypt(topic, Context.VALUE, good)).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
      KeyIndex ki = KeyIndex.of(io.msistream.crypto.msgpack.Msgpack.decode(good, 1, good.length - 1)
          .asArray("record").get(0));
      consumer.keyArrival("openmsitest", ki).get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(consumer.decrypt(topic, Context.VALUE, good)).isInstanceOf(DecodeResult.Cleartext.class);
    }
  }

  private static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}
