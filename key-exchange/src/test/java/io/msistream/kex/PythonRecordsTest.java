package io.msistream.kex;

import static io.msistream.kex.testing.Hex.h;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.KemKeyPair;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.protocol.KeyIndexList;
import io.msistream.kex.protocol.KeyReply;
import io.msistream.kex.protocol.KeyRequest;
import io.msistream.kex.protocol.Requester;
import io.msistream.kex.testing.Clients;
import io.msistream.kex.testing.InteropNodes;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorded Python management records of exchange.json, written to the broker for live Java
 * runtimes: a Java producer, restarted at the recorded ratchet state, answers the Python
 * consumer's request (or the Python controller's relay) and the Python consumer's recorded secrets
 * open the answer; a Java controller relays the Python limited consumer's request.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class PythonRecordsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  static Stream<Arguments> transcripts() {
    return SharedVectors.json("exchange.json").get("transcripts").list().stream()
        .map(t -> Arguments.of(t.get("name").str(), t));
  }

  private static boolean relayed(JsonValue t) {
    return t.has("controller_relay") && !t.get("controller_relay").isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void aJavaProducerAnswersThePythonRequest(String name, JsonValue t, LocalKafkaBroker broker,
      @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String root = t.get("root").str();
    Path cfg = TestNodes.copy(dir, t.get("producer_node").str(), tag);
    JsonValue state = t.get("producer_ratchet_state_used");
    SeedFile.write(cfg.resolveSibling(t.get("producer_node").str() + ".seed"),
        RatchetState.of(state.get("keyidx").asLong(), state.get("secret_hex").hex()));
    if (t.get("name").str().contains("sntrup761")) {
      TestNodes.setKemTypes(cfg, 2, 1); // the recorded producer was limited to [2, 1]
    }
    JsonValue data = t.get("data_message");
    JsonValue req = relayed(t) ? t.get("controller_relay") : t.get("request");
    try (NodeRuntime producer = NodeRuntime.start(cfg, Map.of("bootstrap.servers", broker.bootstrapServers()));
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], byte[]> reader = reader(broker)) {
      // the restarted producer makes the very key of the recorded data message
      byte[] wire = producer.encrypt(data.get("topic").str(), Context.VALUE, new byte[] {1});
      KeyIndex ki = KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("r").get(0));
      assertThat(ki).isEqualTo(KeyIndex.ofBytes(data.get("ki").get("bin").hex()));
      raw.send(new ProducerRecord<>(root + ".reqs_" + tag, 0, req.get("record_key_hex").hex(),
          req.get("value_hex").hex())).get();
      ConsumerRecord<byte[], byte[]> answer = Clients.read(reader, root + ".keys_" + tag, 1, TIMEOUT).get(0);
      assertThat(h(answer.key())).isEqualTo(t.get("reply").get("record_key_hex").str());
      try (Requester python = recordedConsumer(t)) {
        KeyReply reply = KeyReply.open(answer.key(), answer.value(), root,
            InteropNodes.validator(t.get("consumer_node").str()), now());
        Requester.Delivery d = python.open(reply);
        assertThat(d.keyIndices()).containsExactly(ki);
        assertThat(h(d.keys().get(0).rootKey().bytes())).isEqualTo(data.get("K_R_hex").str());
        d.keys().forEach(HeldKey::close);
      }
    }
  }

  static Stream<Arguments> relayTranscripts() {
    List<Arguments> r = transcripts().filter(a -> relayed((JsonValue) a.get()[1])).toList();
    assertThat(r).hasSize(1);
    return r.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("relayTranscripts")
  void aJavaControllerRelaysThePythonLimitedConsumer(String name, JsonValue t,
      LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
    String tag = TestNodes.tag();
    String root = t.get("root").str();
    JsonValue req = t.get("request");
    try (NodeRuntime controller = NodeRuntime.builder(TestNodes.copy(dir, "oms_controller", tag))
            .kafkaProperties(Map.of("bootstrap.servers", broker.bootstrapServers())).controller(true).start();
        KafkaProducer<byte[], byte[]> raw = Clients.rawProducer(broker.bootstrapServers());
        KafkaConsumer<byte[], byte[]> reader = reader(broker)) {
      controller.ensureTopics(root);
      raw.send(new ProducerRecord<>(root + ".subs_" + tag, 0, req.get("record_key_hex").hex(),
          req.get("value_hex").hex())).get();
      ConsumerRecord<byte[], byte[]> relay = Clients.read(reader, root + ".reqs_" + tag, 1, TIMEOUT).get(0);
      assertThat(h(relay.key())).isEqualTo(req.get("record_key_hex").str());
      KeyRequest r = KeyRequest.open(relay.key(), relay.value(), root, NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_producer"), now());
      assertThat(h(r.random0())).isEqualTo(t.get("consumer_secrets").get("random0_hex").str());
      assertThat(r.requester()).isEqualTo(InteropNodes.signer("oms_controller").key().publicKey());
    }
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static KafkaConsumer<byte[], byte[]> reader(LocalKafkaBroker broker) {
    return new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
        "group.id", "reader-" + UUID.randomUUID()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A requester holding the Python consumer's recorded secrets for its request. */
  private static Requester recordedConsumer(JsonValue t) throws Exception {
    List<KemKeyPair> pairs = new ArrayList<>();
    JsonValue secrets = t.get("consumer_secrets").get("ephemeral_secret_keys");
    for (JsonValue entry : t.get("request").get("leaf").get("epks").list()) {
      int type = (int) entry.get("type").asLong();
      JsonValue s = secrets.get(Integer.toString(type));
      KemType kt = KemType.forRequestType(type).orElseThrow();
      byte[] pq = kt == KemType.X25519_MLKEM1024 ? s.get("mlkem1024_sk").hex()
          : kt == KemType.X25519_SNTRUP761 ? s.get("sntrup761_sk").hex() : null;
      pairs.add(KemKeyPair.of(kt, s.get("x25519_sk").hex(), pq));
    }
    JsonValue req = t.get("request");
    Requester r = Requester.create(List.of(KemType.X25519), false, new SecureRandom());
    r.request(t.get("root").str(), KeyIndexList.decode(req.get("record_key_hex").hex()),
        List.of(InteropNodes.signer(t.get("consumer_node").str())), now(),
        req.get("leaf").get("expiry").asDouble(), pairs,
        t.get("consumer_secrets").get("random0_hex").hex());
    return r;
  }
}
