package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.cert.CertificateBuilder;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.Poison;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.PasswordKeys;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.kex.testing.Await;
import io.msistream.kex.testing.Clients;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code chains} and {@code allowlist} topics take effect at once (spec 7), and the ratchet
 * steps every {@code crypto_ratchet_interval}. (The denylist topic is in {@link RefusalTest}.)
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class ManagementTopicsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The public OpenMSIStream test passwords the interop nodes were provisioned with. */
  private static final String ROT_PASSWORD = "123456789012";
  private static final String PROVISIONING_PASSWORD = "123456";

  private static Map<String, Object> kafka(LocalKafkaBroker broker) {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  private static String decryptOne(LocalKafkaBroker broker, NodeRuntime producer,
      NodeRuntime consumer, String topic, String text) throws Exception {
    try (KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], CryptoMessage<String>> c = Clients.consumer(broker.bootstrapServers(), consumer)) {
      raw.send(new ProducerRecord<>(topic, 0, null, producer.encrypt(topic, Context.VALUE, text.getBytes()))).get();
      CryptoMessage<String> m = Clients.read(c, topic, 1, TIMEOUT).get(0).value();
      return DecryptionWaiter.create(TIMEOUT, TIMEOUT).await(m).cleartext().orElse(null);
    }
  }

  private static PublicKey nodeKey(Path config) throws Exception {
    try (Node n = Node.loadConfig(config)) {
      return n.keys().get(0).key().publicKey();
    }
  }

  @Test
  void aNewChainForOurKeyIsInstalledAtOnce(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    Path limitedCfg = TestNodes.copy(dir, "oms_limited_consumer", tag);
    PublicKey limitedKey = nodeKey(limitedCfg);
    // a full consumer certificate for the limited consumer's key, made as simple-provision would
    Chain upgraded;
    try (SigningKey root = SigningKey.ed25519(PasswordKeys.rootSecretKey(ROT_PASSWORD));
        SigningKey prov = SigningKey.ed25519(PasswordKeys.provisionerSecretKey(
            PasswordKeys.Provisioner.CONSUMER, root.publicKey().byteForm(), PROVISIONING_PASSWORD))) {
      double expiry = System.currentTimeMillis() / 1000.0 + 400_000_000;
      upgraded = ProvisioningCerts.nodeChain(root, prov, NodeRole.ProvisionerClass.CONSUMER,
          ProvisioningCerts.nodeBody(expiry, NodeRole.CONSUMER, List.of("openmsitest"), 1L, limitedKey));
    }
    try (NodeRuntime producer = NodeRuntime.start(TestNodes.copy(dir, "oms_producer", tag), kafka(broker));
        NodeRuntime limited = NodeRuntime.start(limitedCfg, kafka(broker));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers())) {
      // a chain for another key and garbage are ignored; ours is installed and persisted
      raw.send(new ProducerRecord<>("chains_" + tag, 0, new byte[32], upgraded.encode()));
      raw.send(new ProducerRecord<>("chains_" + tag, 0, limitedKey.byteForm(), new byte[] {1, 2}));
      raw.send(new ProducerRecord<>("chains_" + tag, 0, limitedKey.byteForm(), upgraded.encode())).get();
      Await.until(TIMEOUT, () -> chainOf(limitedCfg).equals(upgraded), "the new chain in the config");
      // no controller runs: with the upgraded chain the consumer now asks the producer directly
      assertThat(decryptOne(broker, producer, limited, "openmsitest.data_" + tag, "direct now"))
          .isEqualTo("direct now");
    }
  }

  private static Chain chainOf(Path config) {
    try {
      return NodeConfig.read(config).chains().get(0);
    } catch (Exception e) {
      return Chain.empty();
    }
  }

  @Test
  void anAllowlistAdditionIsTrustedAtOnce(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    Path producerCfg = TestNodes.copy(dir, "oms_producer", tag);
    byte[] addition;
    try (SigningKey foreign = ProvisioningCerts.temporaryRootKey();
        SigningKey rot = SigningKey.ed25519(PasswordKeys.rootSecretKey(ROT_PASSWORD))) {
      // the producer trusts only a foreign root, whose administrator then adds the real root
      TestNodes.set(producerCfg, "allowlist", "rot0",
          new ConfigValue.BytesValue(ProvisioningCerts.rootOfTrust(foreign.publicKey())));
      byte[] entry = ProvisioningCerts.rootOfTrust(rot.publicKey());
      byte[] leaf = CertificateBuilder.create()
          .poison(Poison.of(Poison.usages(NodeRole.Usage.ALLOWLIST))).key(rot.publicKey())
          .extraBin(entry).encode();
      addition = Chain.of(List.of(foreign.sign(leaf))).encode();
    }
    try (NodeRuntime producer = NodeRuntime.start(producerCfg, kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers())) {
      String topic = "openmsitest.data_" + tag;
      byte[] wire = producer.encrypt(topic, Context.VALUE, "trusted later".getBytes());
      KeyIndex ki = KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("r").get(0));
      consumer.requestKeys("openmsitest", List.of(ki));
      Await.until(TIMEOUT, () -> producer.stats().dropped() > 0, "the refused request");
      raw.send(new ProducerRecord<>("allowlist_" + tag, 0, null, addition)).get();
      Await.until(TIMEOUT, () -> consumer.hasKey("openmsitest", ki), "the key after the addition");
      assertThat(NodeConfig.read(producerCfg).allowlist()).hasSize(2);
    }
  }

  @Test
  void theRatchetStepsEveryInterval(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    Path producerCfg = TestNodes.copy(dir, "oms_producer", tag,
        Map.of("crypto_ratchet_interval", ConfigValue.IntValue.of(1)));
    try (NodeRuntime producer = NodeRuntime.start(producerCfg, kafka(broker));
        NodeRuntime consumer = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag), kafka(broker))) {
      String topic = "openmsitest.data_" + tag;
      byte[] first = producer.encrypt(topic, Context.VALUE, "one".getBytes());
      Await.until(TIMEOUT, () -> {
        try {
          producer.encrypt(topic, Context.VALUE, new byte[0]);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        return producer.createdKeyIndices().size() >= 2;
      }, "a second key index");
      byte[] second = producer.encrypt(topic, Context.VALUE, "two".getBytes());
      try (KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
          KafkaConsumer<byte[], CryptoMessage<String>> c = Clients.consumer(broker.bootstrapServers(), consumer)) {
        raw.send(new ProducerRecord<>(topic, 0, null, first));
        raw.send(new ProducerRecord<>(topic, 0, null, second)).get();
        DecryptionWaiter w = DecryptionWaiter.create(TIMEOUT, TIMEOUT);
        List<CryptoMessage<String>> got = Clients.read(c, topic, 2, TIMEOUT).stream().map(r -> r.value()).toList();
        assertThat(w.await(got.get(0)).cleartext()).contains("one");
        assertThat(w.await(got.get(1)).cleartext()).contains("two");
      }
    }
  }
}
