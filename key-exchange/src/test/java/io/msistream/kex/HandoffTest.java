package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.keys.KeySource;
import io.msistream.kex.keys.ReceivedKeyStore;
import io.msistream.kex.testing.InteropNodes;
import io.msistream.kex.testing.TestNodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime side of short-lived producers and key keepers, through the real broker: a producer
 * runtime's handoff wait ends when a keeper (a node provisioned to produce on the root, marking
 * its requests) has been answered; a consumer started after the producer closed gets the keys
 * from the keeper; an ordinary consumer's or a marked consumer's delivery does not count as a
 * keeper handoff.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class HandoffTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String ROOT = "openmsitest";
  private static final String OTHER_ROOT = "test_oms_encrypted";

  /** What a keeper plugs into its runtime: received keys it also serves (in memory here). */
  private static final class ServingStore implements ReceivedKeyStore, KeySource {
    private final ReceivedKeyStore inner = ReceivedKeyStore.inMemory();

    @Override
    public boolean put(String root, KeyIndex ki, SecretBytes kR) {
      return inner.put(root, ki, kR);
    }

    @Override
    public Optional<SecretBytes> find(String root, KeyIndex ki) {
      return inner.find(root, ki);
    }

    @Override
    public List<HeldKey> keysFor(String root, List<KeyIndex> requested) {
      List<HeldKey> out = new ArrayList<>();
      for (KeyIndex ki : requested) {
        inner.find(root, ki).ifPresent(k -> out.add(new HeldKey(ki, SecretBytes.copyOf(k.unsafeView()))));
      }
      return out;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static KeyIndex keyIndexOf(byte[] wire) throws Exception {
    return KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("record").get(0));
  }

  private static Map<String, String> kafka(LocalKafkaBroker broker) {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  @Test
  void theProducerWaitsForTheKeeperAndALateConsumerGetsTheKeysFromIt(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = ROOT + ".data_" + tag;
    String otherTopic = OTHER_ROOT + ".data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path keeperCfg = TestNodes.copy(dir, "oms_prodcon", tag);
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag);
    byte[] plain = "made by a short-lived producer".getBytes(StandardCharsets.UTF_8);
    List<Boolean> keeperFlags = new CopyOnWriteArrayList<>();
    try (ServingStore store = new ServingStore();
        NodeRuntime keeper = NodeRuntime.builder(keeperCfg).kafkaProperties(kafka(broker))
            .keeperRequests(true).receivedKeys(store).start()) {
      keeper.addKeySource(store);
      keeper.serve(ROOT);
      byte[] wire;
      byte[] otherWire;
      try (NodeRuntime producer = NodeRuntime.builder(prodCfg).kafkaProperties(kafka(broker))
          .listener(new KeyExchangeListener() {
            @Override
            public void keysDelivered(String root, List<KeyIndex> kis, PublicKey requester,
                boolean toKeeper) {
              keeperFlags.add(toKeeper);
            }
          }).start()) {
        assertThat(producer.awaitHandoff(TIMEOUT, HandoffPolicy.KEEPER).complete())
            .as("nothing created yet").isTrue();
        wire = producer.encrypt(topic, Context.VALUE, plain);
        otherWire = producer.encrypt(otherTopic, Context.VALUE, plain);
        assertThat(producer.handoffState(HandoffPolicy.KEEPER).notHandedOff()).containsExactly(
            new Handoff.Key(ROOT, keyIndexOf(wire)), new Handoff.Key(OTHER_ROOT, keyIndexOf(otherWire)));

        // what the keeper does when it reads the first record carrying each key index
        keeper.requestKeys(ROOT, List.of(keyIndexOf(wire)));
        keeper.requestKeys(OTHER_ROOT, List.of(keyIndexOf(otherWire)));

        Handoff h = producer.awaitHandoff(TIMEOUT, HandoffPolicy.KEEPER);
        assertThat(h.complete()).isTrue();
        assertThat(h.handedOff()).containsExactly(new Handoff.Key(ROOT, keyIndexOf(wire)),
            new Handoff.Key(OTHER_ROOT, keyIndexOf(otherWire)));
        assertThat(keeperFlags).isNotEmpty().containsOnly(true);
      }
      keeper.keyArrival(ROOT, keyIndexOf(wire)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      // the producer is gone: a consumer started now gets the key from the keeper
      List<PublicKey> from = new CopyOnWriteArrayList<>();
      try (NodeRuntime consumer = NodeRuntime.builder(consCfg).kafkaProperties(kafka(broker))
          .listener(new KeyExchangeListener() {
            @Override
            public void keysReceived(String root, List<KeyIndex> kis, PublicKey producer) {
              from.add(producer);
            }
          }).start()) {
        DecodeResult first = consumer.decrypt(topic, Context.VALUE, wire);
        assertThat(first).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
        consumer.keyArrival(ROOT, keyIndexOf(wire)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        DecodeResult after = consumer.decrypt(topic, Context.VALUE, wire);
        assertThat(((DecodeResult.Cleartext) after).plaintext()).isEqualTo(plain);
        assertThat(from).containsExactly(
            InteropNodes.signer("oms_prodcon").key().publicKey());
      }
    }
  }

  @Test
  void deliveriesToAConsumerCountOnlyForTheAnyPolicyEvenWhenItMarksItsRequests(
      LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = ROOT + ".data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag);
    try (NodeRuntime producer = NodeRuntime.start(prodCfg, kafka(broker));
        // a consumer pretending to be a keeper: it has no key-encrypt on its chain
        NodeRuntime consumer = NodeRuntime.builder(consCfg).kafkaProperties(kafka(broker))
            .keeperRequests(true).start()) {
      byte[] wire = producer.encrypt(topic, Context.VALUE, new byte[] {1, 2, 3});
      assertThat(consumer.chainProblem(ROOT, "key-encrypt")).isPresent();
      assertThat(consumer.decrypt(topic, Context.VALUE, wire))
          .isInstanceOf(DecodeResult.PossiblyDecryptable.class);
      consumer.keyArrival(ROOT, keyIndexOf(wire)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      Handoff any = producer.awaitHandoff(TIMEOUT, HandoffPolicy.ANY);
      assertThat(any.complete()).isTrue();
      Handoff keeper = producer.awaitHandoff(Duration.ZERO, HandoffPolicy.KEEPER);
      assertThat(keeper.complete()).isFalse();
      assertThat(keeper.notHandedOff()).containsExactly(new Handoff.Key(ROOT, keyIndexOf(wire)));
    }
  }

  @Test
  void aHandoffWaitEndsWhenTheRuntimeCloses(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    NodeRuntime producer = NodeRuntime.start(prodCfg, kafka(broker));
    byte[] wire = producer.encrypt(ROOT + ".data_" + tag, Context.VALUE, new byte[] {1});
    Thread closer = new Thread(producer::close);
    closer.start();
    Handoff h = producer.awaitHandoff(Duration.ofMinutes(10), HandoffPolicy.KEEPER);
    closer.join();
    assertThat(h.complete()).isFalse();
    assertThat(h.notHandedOff()).containsExactly(new Handoff.Key(ROOT, keyIndexOf(wire)));
  }

  @Test
  void aProvisionedKeeperNodeMayServeItsRootsAndAConsumerMayNot(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    try (NodeRuntime keeper = NodeRuntime.start(TestNodes.copy(dir, "oms_prodcon", tag), kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker))) {
      assertThat(keeper.chainProblem(ROOT, "key-encrypt")).isEmpty();
      assertThat(keeper.chainProblem(OTHER_ROOT, "key-encrypt")).isEmpty();
      assertThat(keeper.chainProblem(ROOT, "key-encrypt-request")).isEmpty();
      assertThat(keeper.chainProblem("otherroot", "key-encrypt")).isPresent();
      assertThat(consumer.chainProblem(ROOT, "key-encrypt-request")).isEmpty();
      assertThat(consumer.chainProblem(null, "key-encrypt")).hasValueSatisfying(
          why -> assertThat(why).contains("key-encrypt"));
    }
  }

  /**
   * An application that loads the serializer by class name gets the short-lived producer's
   * handoff too: closing its producer (the last lease of the node's runtime) waits until the
   * keeper was answered, so a consumer that starts later gets the keys.
   */
  @Test
  void closingAProducerConfiguredByClassNameWaitsForTheKeeper(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String topic = ROOT + ".data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path keeperCfg = TestNodes.copy(dir, "oms_prodcon", tag);
    Map<String, Object> p = new HashMap<>(kafka(broker));
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", KafkaCryptoSerializer.class.getName());
    p.put(NodeRuntimes.CONFIG, prodCfg.toString());
    p.put(NodeRuntimes.HANDOFF_TIMEOUT, "120000");
    p.put("linger.ms", "0");
    try (ServingStore store = new ServingStore();
        NodeRuntime keeper = NodeRuntime.builder(keeperCfg).kafkaProperties(kafka(broker))
            .keeperRequests(true).receivedKeys(store).start()) {
      var producer = new KafkaProducer<byte[], byte[]>(p);
      producer.send(new ProducerRecord<>(topic, 0, null,
          "late".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      Thread closer = new Thread(producer::close, "closer");
      closer.start();
      byte[] wire;
      try (var raw = new KafkaConsumer<byte[], byte[]>(
          Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
          new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        var tp = new TopicPartition(topic, 0);
        raw.assign(List.of(tp));
        raw.seekToBeginning(List.of(tp));
        byte[] got = null;
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (got == null && System.nanoTime() < end) {
          for (var r : raw.poll(Duration.ofMillis(200))) {
            got = r.value();
          }
        }
        assertThat(got).as("the producer's record").isNotNull();
        wire = got;
      }
      // the close cannot end before the keeper has the key (120 s bound)
      assertThat(closer.isAlive()).as("close waits for the keeper").isTrue();
      keeper.requestKeys(ROOT, List.of(keyIndexOf(wire)));
      closer.join(TIMEOUT.toMillis());
      assertThat(closer.isAlive()).as("close ended once the keeper was answered").isFalse();
      assertThat(keeper.keyArrival(ROOT, keyIndexOf(wire)).isDone()).isTrue();
      assertThat(((DecodeResult.Cleartext) keeper.decrypt(topic, Context.VALUE, wire)).plaintext())
          .isEqualTo("late".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * A lease taken with a builder (how the tools take theirs) does not wait on close: the tool
   * calls awaitHandoff itself with its own bound (--key_handoff_timeout, or none for a
   * long-running uploader), so closing must not add the class-name default of 30 s.
   */
  @Test
  void aLeaseTakenWithABuilderClosesWithoutTheClassNameWait(LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    NodeRuntimes.Lease lease = NodeRuntimes.acquire(prodCfg,
        NodeRuntime.builder(prodCfg).kafkaProperties(kafka(broker)));
    lease.runtime().encrypt(ROOT + ".data_" + tag, Context.VALUE, new byte[] {1});
    assertThat(lease.runtime().handoffState(HandoffPolicy.KEEPER).complete()).isFalse();
    Thread closer = new Thread(lease::close, "closer");
    closer.start();
    closer.join(Handoff.DEFAULT_TIMEOUT.toMillis() / 3);
    assertThat(closer.isAlive()).as("closed without waiting for a keeper").isFalse();
    assertThat(lease.runtime().isClosed()).isTrue();
  }
}
