package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Serializer/deserializer behaviour without a consumer: stacking, nulls, pass-through, registry. */
@ExtendWith(LocalKafkaBrokerExtension.class)
class SerdeTest {

  private static Map<String, Object> props(LocalKafkaBroker broker, Path cfg) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put(NodeRuntimes.CONFIG, cfg.toString());
    p.put(NodeRuntimes.HANDOFF_TIMEOUT, "0"); // no keeper here: close at once
    p.put("kafkacrypto.value.inner.serializer", StringSerializer.class.getName());
    p.put("kafkacrypto.value.inner.deserializer", StringDeserializer.class);
    return p;
  }

  @Test
  void stackedSerdesRoundTripAndShareOneRuntime(LocalKafkaBroker broker, @TempDir Path dir) {
    Path cfg = TestNodes.copy(dir, "oms_prodcon", TestNodes.tag());
    try (KafkaCryptoSerializer ser = new KafkaCryptoSerializer();
        KafkaCryptoDeserializer<String> de = new KafkaCryptoDeserializer<>();
        KafkaCryptoDeserializer<byte[]> keys = new KafkaCryptoDeserializer<>()) {
      ser.configure(props(broker, cfg), false);
      de.configure(props(broker, cfg), false);
      keys.configure(props(broker, cfg), true);
      assertThat(de.runtime()).isSameAs(keys.runtime());
      byte[] wire = ser.serialize("openmsitest.a", "hello");
      assertThat(wire[0]).isEqualTo((byte) 1);
      CryptoMessage<String> m = de.deserialize("openmsitest.b", wire);
      assertThat(m.cleartext()).contains("hello");
      assertThat(m.raw()).isEqualTo(wire);
      // the key context is another generator: a value record is not a key record
      assertThat(keys.deserialize("openmsitest.a", wire).isCleartext()).isFalse();
      // nulls stay null, the empty string is encrypted
      assertThat(ser.serialize("openmsitest.a", null)).isNull();
      assertThat(de.deserialize("openmsitest.a", null)).isNull();
      assertThat(de.deserialize("openmsitest.a", ser.serialize("openmsitest.a", "")).cleartext()).contains("");
      // a cleartext message is re-encrypted; undecrypted ones pass through byte for byte
      byte[] again = ser.serialize("openmsitest.a", m);
      assertThat(again).isNotEqualTo(wire);
      assertThat(de.deserialize("openmsitest.a", again).cleartext()).contains("hello");
      CryptoMessage<String> garbage = de.deserialize("openmsitest.a", new byte[] {7, 7});
      assertThat(garbage).isInstanceOf(CryptoMessage.Undecryptable.class);
      assertThat(ser.serialize("openmsitest.a", garbage)).containsExactly(7, 7);
      byte[] foreign = wire.clone();
      foreign[foreign.length - 1] ^= 1;
      CryptoMessage<String> pending = de.deserialize("openmsitest.a", foreign);
      assertThat(pending.isPossiblyDecryptable()).isTrue();
      assertThat(ser.serialize("openmsitest.a", pending)).isEqualTo(foreign);
    }
    // the last serde closed the shared runtime
    try (NodeRuntimes.Lease l = NodeRuntimes.acquire(Map.of(NodeRuntimes.CONFIG, cfg.toString(),
        "bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(l.runtime().isClosed()).isFalse();
      assertThat(l.runtime().createdKeyIndices()).isEmpty(); // a fresh runtime
    } catch (NodeStartException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void configurationErrorsAreKafkaConfigExceptions(@TempDir Path dir) {
    try (KafkaCryptoSerializer ser = new KafkaCryptoSerializer()) {
      assertThatThrownBy(() -> ser.configure(Map.of(), false)).isInstanceOf(ConfigException.class)
          .hasMessageContaining(NodeRuntimes.CONFIG);
    }
    try (KafkaCryptoSerializer ser = new KafkaCryptoSerializer()) {
      assertThatThrownBy(() -> ser.configure(Map.of("kafkacrypto.inner.serializer", "no.such.Class",
          NodeRuntimes.CONFIG, dir.resolve("x.config").toString()), false))
          .isInstanceOf(ConfigException.class).hasMessageContaining("no.such.Class");
    }
    try (KafkaCryptoDeserializer<byte[]> de = new KafkaCryptoDeserializer<>()) {
      assertThatThrownBy(() -> de.configure(Map.of(NodeRuntimes.CONFIG, dir.resolve("x.config").toString()), false))
          .isInstanceOf(ConfigException.class).hasMessageContaining("x.config");
    }
    for (var bad : Map.of(NodeRuntimes.HANDOFF_TIMEOUT, "soon", NodeRuntimes.HANDOFF_POLICY, "nobody")
        .entrySet()) {
      try (KafkaCryptoSerializer ser = new KafkaCryptoSerializer()) {
        assertThatThrownBy(() -> ser.configure(Map.of(bad.getKey(), bad.getValue(),
            NodeRuntimes.CONFIG, dir.resolve("x.config").toString()), false))
            .isInstanceOf(ConfigException.class).hasMessageContaining(bad.getKey())
            .hasMessageContaining(bad.getValue());
      }
    }
  }

  @Test
  void theWaiterUsesTheLongBoundUntilTheFirstTimeout(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    // OpenMSIStream's defaults: max_initial_wait_per_decrypt 60 s, max_wait_per_decrypt 5 s
    assertThat(DecryptionWaiter.DEFAULT_INITIAL_WAIT).isEqualTo(Duration.ofSeconds(60));
    assertThat(DecryptionWaiter.DEFAULT_WAIT).isEqualTo(Duration.ofSeconds(5));
    String tag = TestNodes.tag();
    Path producerCfg = TestNodes.copy(dir, "oms_producer", tag);
    byte[] wire;
    try (NodeRuntime p = NodeRuntime.start(producerCfg, Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      wire = p.encrypt("openmsitest.w", io.msistream.crypto.primitives.KafkaCryptoKdf.Context.VALUE,
          "x".getBytes());
    }
    // the producer is gone: the key never comes
    try (NodeRuntime c = NodeRuntime.start(TestNodes.copy(dir, "oms_consumer", tag),
        Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      KafkaCryptoDeserializer<String> de = new KafkaCryptoDeserializer<>(c, new StringDeserializer(), false);
      DecryptionWaiter waiter = DecryptionWaiter.create(Duration.ofMillis(300), Duration.ofMillis(50));
      assertThat(waiter.hadTimeout()).isFalse();
      CryptoMessage<String> m = waiter.await(de.deserialize("openmsitest.w", wire));
      assertThat(m.isPossiblyDecryptable()).isTrue();
      assertThat(waiter.hadTimeout()).isTrue();
      assertThat(waiter.await(m).isPossiblyDecryptable()).isTrue();
      CryptoMessage<String> undecryptable = de.deserialize("openmsitest.w", new byte[] {0});
      assertThat(waiter.await(undecryptable)).isSameAs(undecryptable);
      // once the runtime is closed, a wait ends at once
      c.close();
      assertThat(waiter.await(m).isPossiblyDecryptable()).isTrue();
    }
  }
}
