package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.NodeRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes provisioned by ProvisionNode exchange keys over a real Kafka broker with each other and
 * with copies of the Python-provisioned nodes (same passwords, so the same root of trust): a
 * record encrypted by the producer runtime is not decryptable by the consumer runtime until the
 * consumer's request and the producer's reply have gone through the broker.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class KeyExchangeTest {
  private static final long TIMEOUT_SECONDS = 60;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir Path tmp;
  private String tag;
  private Path rot;
  private Path prov;

  @BeforeEach
  void setUp() throws Exception {
    tag = "p" + COUNTER.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000L, 36);
    rot = Files.writeString(tmp.resolve("rot"), PythonNode.ROT_PASSWORD);
    prov = Files.writeString(tmp.resolve("prov"), PythonNode.PROVISIONING_PASSWORD);
  }

  /** Provisions a node with the tool (flags path) and gives it this test's topics. */
  private Path provision(String id, String role, String... more) throws Exception {
    Path out = tmp.resolve("ours");
    TestEnv t = new TestEnv().caFile(CaBundle.systemPath());
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--output-dir",
        out.toString(), "--node-id", id, "--role", role, "--topics", "openmsitest",
        "--rot-password-file", rot.toString(), "--provisioning-password-file", prov.toString(),
        "--yes"));
    args.addAll(java.util.List.of(more));
    int status = t.run(args.toArray(String[]::new));
    assertThat(status).as(t.err()).isZero();
    return isolate(out.resolve(id).resolve(id + ".config"));
  }

  /** A copy of a Python-provisioned node, with this test's topics. */
  private Path python(String id) throws Exception {
    Path dst = Files.createDirectories(tmp.resolve("python").resolve(id));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(SharedVectors.node(id).resolve(id + ext), dst.resolve(id + ext));
    }
    return isolate(dst.resolve(id + ".config"));
  }

  /**
   * Own key-exchange topic suffixes and management topics for this test (the broker is shared),
   * and short re-request and topic-refresh intervals.
   */
  private Path isolate(Path config) throws Exception {
    Map<String, ConfigValue> s = new LinkedHashMap<>();
    s.put("topic_suffix_subs", new ConfigValue.TextValue(".subs_" + tag));
    s.put("topic_suffix_keys", new ConfigValue.TextValue(".keys_" + tag));
    s.put("topic_suffix_reqs", new ConfigValue.TextValue(".reqs_" + tag));
    s.put("mgmt_topic_chains", new ConfigValue.TextValue("chains_" + tag));
    s.put("mgmt_topic_allowlist", new ConfigValue.TextValue("allowlist_" + tag));
    s.put("mgmt_topic_denylist", new ConfigValue.TextValue("denylist_" + tag));
    s.put("crypto_sub_interval", ConfigValue.IntValue.of(3));
    s.put("mgmt_subscribe_interval", ConfigValue.IntValue.of(1)); // controllers find new R.subs
    NodeConfig c = NodeConfig.read(config);
    for (Map.Entry<String, ConfigValue> e : s.entrySet()) {
      c = c.with(null, e.getKey(), e.getValue());
    }
    c.write(config);
    return config;
  }

  /** Encrypts with the producer node and waits until the consumer node has the key and decrypts. */
  private void exchange(LocalKafkaBroker broker, Path producerCfg, Path consumerCfg)
      throws Exception {
    exchange(broker, producerCfg, consumerCfg, null);
  }

  /** The same, with a controller node running that relays limited consumers' requests. */
  private void exchange(LocalKafkaBroker broker, Path producerCfg, Path consumerCfg,
      Path controllerCfg) throws Exception {
    Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    String topic = "openmsitest.data_" + tag;
    byte[] plain = ("hello from " + producerCfg.getFileName()).getBytes(StandardCharsets.UTF_8);
    try (NodeRuntime controller = controllerCfg == null ? null
            : NodeRuntime.builder(controllerCfg).kafkaProperties(kafka).controller(true).start();
        NodeRuntime producer = NodeRuntime.start(producerCfg, kafka);
        NodeRuntime consumer = NodeRuntime.start(consumerCfg, kafka)) {
      byte[] wire = producer.encrypt(topic, Context.VALUE, plain);
      DecodeResult first = consumer.decrypt(topic, Context.VALUE, wire);
      assertThat(first).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
      DecodeResult.PossiblyDecryptable pending = (DecodeResult.PossiblyDecryptable) first;
      consumer.keyArrival(pending.root(), pending.keyIndex()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      DecodeResult after = consumer.decrypt(topic, Context.VALUE, wire);
      assertThat(after).isInstanceOf(DecodeResult.Cleartext.class);
      assertThat(((DecodeResult.Cleartext) after).plaintext()).isEqualTo(plain);
      assertThat(consumer.stats().repliesOpened()).isPositive();
      if (controller != null) { // the limited consumer's request can only have come via the relay
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (controller.stats().relaysSent() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(controller.stats().relaysSent()).isPositive();
      }
    }
  }

  @Test
  void ourProducerToOurConsumer(LocalKafkaBroker broker) throws Exception {
    exchange(broker, provision("java_producer", "producer"), provision("java_consumer", "consumer"));
  }

  @Test
  void ourProducerToPythonProvisionedConsumer(LocalKafkaBroker broker) throws Exception {
    exchange(broker, provision("java_producer", "producer"), python("oms_consumer"));
  }

  @Test
  void pythonProvisionedProducerToOurConsumer(LocalKafkaBroker broker) throws Exception {
    exchange(broker, python("oms_producer"), provision("java_consumer", "consumer"));
  }

  @Test
  void ourProdconNodeWithPythonProvisionedNodesBothWays(LocalKafkaBroker broker) throws Exception {
    Path ours = provision("java_prodcon", "4");
    exchange(broker, python("oms_producer"), ours);
    exchange(broker, ours, python("oms_consumer"));
  }

  @Test
  void ourLimitedConsumerThroughOurControllerFromAPythonProvisionedProducer(
      LocalKafkaBroker broker) throws Exception {
    exchange(broker, python("oms_producer"), provision("java_limited", "3", "--limited"),
        provision("java_controller", "1"));
  }

  @Test
  void pythonProvisionedLimitedConsumerThroughOurController(LocalKafkaBroker broker)
      throws Exception {
    exchange(broker, provision("java_producer", "2"), python("oms_limited_consumer"),
        provision("java_controller", "controller"));
  }
}
