package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up errors are one typed exception naming the file or setting; the node lock, the start-up
 * ratchet step, missing key-exchange topics, and a close that leaves no thread behind.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class NodeStartTest {

  private static Map<String, Object> kafka(LocalKafkaBroker broker) {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  @Test
  void aMissingOrUnreadableNodeFileIsOneErrorNamingIt(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    Path missingConfig = dir.resolve("nowhere/none.config");
    assertThatThrownBy(() -> NodeRuntime.start(missingConfig, kafka(broker)))
        .isInstanceOf(NodeStartException.class)
        .satisfies(e -> assertThat(((NodeStartException) e).file()).isEqualTo(missingConfig.toString()));

    Path cfg = TestNodes.copy(dir.resolve("a"), "oms_consumer", tag);
    Path crypto = cfg.resolveSibling("oms_consumer.crypto");
    Files.delete(crypto);
    assertThatThrownBy(() -> NodeRuntime.start(cfg, kafka(broker)))
        .isInstanceOf(NodeStartException.class).hasMessageContaining(crypto.toString());

    Path cfg2 = TestNodes.copy(dir.resolve("b"), "oms_consumer", tag);
    Path seed = cfg2.resolveSibling("oms_consumer.seed");
    Files.write(seed, new byte[] {(byte) 0x92, 0x00});
    assertThatThrownBy(() -> NodeRuntime.start(cfg2, kafka(broker)))
        .isInstanceOf(NodeStartException.class)
        .satisfies(e -> assertThat(((NodeStartException) e).file()).isEqualTo(seed.toString()));

    Path cfg3 = TestNodes.copy(dir.resolve("c"), "oms_consumer", tag);
    Files.writeString(cfg3, "[DEFAULT]\nnode_id : oms_consumer\n[oms_consumer-crypto]\noldkeys : base64#AAAA\n");
    assertThatThrownBy(() -> NodeRuntime.start(cfg3, kafka(broker)))
        .isInstanceOf(NodeStartException.class).hasMessageContaining(cfg3.toString());

    // nothing was left running or locked by the failed starts
    Path cfg4 = TestNodes.copy(dir.resolve("d"), "oms_consumer", tag);
    Files.write(cfg4.resolveSibling("oms_consumer.seed"), new byte[] {1});
    assertThatThrownBy(() -> NodeRuntime.start(cfg4, kafka(broker))).isInstanceOf(NodeStartException.class);
    assertThat(kexThreads()).isEmpty();
  }

  @Test
  void noBootstrapServersIsAClearError(@TempDir Path dir) {
    Path cfg = TestNodes.copy(dir, "oms_consumer", TestNodes.tag());
    assertThatThrownBy(() -> NodeRuntime.start(cfg, Map.of()))
        .isInstanceOf(NodeStartException.class).hasMessageContaining("bootstrap");
  }

  @Test
  void aNodeRunsOnceAndEachStartStepsTheRatchet(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    Path cfg = TestNodes.copy(dir, "oms_producer", TestNodes.tag());
    byte[] seedBefore = TestNodes.read(cfg.resolveSibling("oms_producer.seed"));
    try (NodeRuntime rt = NodeRuntime.start(cfg, kafka(broker))) {
      assertThat(TestNodes.read(cfg.resolveSibling("oms_producer.seed"))).isNotEqualTo(seedBefore);
      assertThatThrownBy(() -> NodeRuntime.start(cfg, kafka(broker)))
          .isInstanceOf(NodeStartException.class).hasMessageContaining("already running");
      rt.encrypt("openmsitest.x", Context.VALUE, new byte[] {1});
    }
    // the key made by the first run is in oldkeys; the second run uses the next ratchet state
    try (NodeRuntime rt = NodeRuntime.start(cfg, kafka(broker))) {
      assertThat(rt.createdKeyIndices()).isEmpty();
      rt.encrypt("openmsitest.x", Context.VALUE, new byte[] {1});
      assertThat(rt.createdKeyIndices()).hasSize(1);
    }
  }

  @Test
  void missingTopicsThatCannotBeCreatedAreNamed(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    try (NodeRuntime rt = NodeRuntime.builder(TestNodes.copy(dir, "oms_consumer", tag))
        .kafkaProperties(kafka(broker)).createTopics(false).start()) {
      assertThatThrownBy(() -> rt.ensureTopics("openmsitest"))
          .isInstanceOfSatisfying(KeyExchangeTopicsException.class, e -> assertThat(e.topics())
              .containsExactly("openmsitest.keys_" + tag, "openmsitest.reqs_" + tag, "openmsitest.subs_" + tag))
          .hasMessageContaining("openmsitest.keys_" + tag);
      // the deserializer path reports it too, without throwing
      rt.decrypt("openmsitest.data", Context.VALUE, encryptedElsewhere(dir, broker));
      io.msistream.kex.testing.Await.until(java.time.Duration.ofSeconds(30),
          () -> rt.topicProblem("openmsitest").isPresent(), "the topic problem");
      assertThat(rt.topicProblem("openmsitest").get()).contains("openmsitest.reqs_" + tag);
    }
    // topic creation allowed, but the broker refuses it (here: names with a space)
    try (NodeRuntime rt = NodeRuntime.start(TestNodes.copy(dir.resolve("refused"), "oms_consumer", tag),
        kafka(broker))) {
      assertThatThrownBy(() -> rt.ensureTopics("bad root"))
          .isInstanceOfSatisfying(KeyExchangeTopicsException.class, e -> assertThat(e.topics())
              .containsExactly("bad root.keys_" + tag, "bad root.reqs_" + tag, "bad root.subs_" + tag))
          .hasMessageContaining("bad root.keys_" + tag);
    }
  }

  private static byte[] encryptedElsewhere(Path dir, LocalKafkaBroker broker) throws Exception {
    Path cfg = TestNodes.copy(dir.resolve("other"), "oms_producer", TestNodes.tag(),
        Map.of("crypto_sub_interval", ConfigValue.IntValue.of(60)));
    try (NodeRuntime p = NodeRuntime.builder(cfg).kafkaProperties(kafka(broker)).createTopics(false).start()) {
      return p.encrypt("openmsitest.data", Context.VALUE, new byte[] {7});
    }
  }

  @Test
  void closeIsBoundedAndLeavesNoThreads(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    Set<String> before = kafkaThreads();
    NodeRuntime rt = NodeRuntime.builder(TestNodes.copy(dir, "oms_controller", TestNodes.tag()))
        .kafkaProperties(kafka(broker)).controller(true).start();
    rt.ensureTopics("openmsitest");
    var pending = rt.keyArrival("openmsitest", io.msistream.crypto.record.KeyIndex.ofBytes(new byte[32]));
    // one background thread per runtime
    assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("msistream-kex-"))).hasSize(1);
    rt.close();
    rt.close();
    assertThat(pending).isCancelled();
    assertThat(kexThreads()).isEmpty();
    io.msistream.kex.testing.Await.until(java.time.Duration.ofSeconds(10),
        () -> kafkaThreads().equals(before), "the Kafka client threads to end");
    assertThatThrownBy(() -> rt.encrypt("openmsitest.x", Context.VALUE, new byte[0]))
        .isInstanceOf(IllegalStateException.class);
    assertThat(rt.decrypt("openmsitest.x", Context.VALUE, new byte[] {1, 2})).isNotNull();
  }

  @Test
  void closeIsBoundedWithoutABroker(@TempDir Path dir) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Path producerCfg = TestNodes.copy(dir.resolve("p"), "oms_producer", TestNodes.tag());
    Path consumerCfg = TestNodes.copy(dir.resolve("c"), "oms_consumer", TestNodes.tag());
    Map<String, Object> nowhere = Map.of("bootstrap.servers", "127.0.0.1:" + port);
    NodeRuntime producer = NodeRuntime.start(producerCfg, nowhere);
    NodeRuntime consumer = NodeRuntime.start(consumerCfg, nowhere);
    byte[] wire = producer.encrypt("openmsitest.x", Context.VALUE, new byte[] {1});
    // the consumer's thread is now trying to reach the broker for the key exchange
    assertThat(consumer.decrypt("openmsitest.x", Context.VALUE, wire))
        .isInstanceOf(io.msistream.crypto.record.DecodeResult.PossiblyDecryptable.class);
    var waiting = consumer.keyArrival("openmsitest",
        io.msistream.crypto.record.KeyIndex.of(io.msistream.crypto.msgpack.Msgpack
            .decode(wire, 1, wire.length - 1).asArray("r").get(0)));
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
      consumer.close();
      producer.close();
    });
    assertThat(waiting).isCancelled();
    assertThat(kexThreads()).isEmpty();
  }

  private static Set<String> kexThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(n -> n.startsWith("msistream-kex-")).collect(Collectors.toSet());
  }

  private static Set<String> kafkaThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(n -> n.contains("kafkacrypto")).collect(Collectors.toSet());
  }
}
