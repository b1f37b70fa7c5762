package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ExchangeCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new ExchangeChecker(SharedSet.NOW));
  }

  @Test
  void aChangedSharedSecretFailsBothSidesOfThatTranscriptOnly() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("exchange.json", d -> {
      var shared = VectorCopy.at(d, "transcripts", 2, "shared");
      shared.put("SS_hex", VectorCopy.flipLastHexDigit(shared.get("SS_hex")));
    });
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir())))
        .hasSize(2).allSatisfy(l -> assertThat(l).startsWith("exchange.json transcripts[2] "))
        .anySatisfy(l -> assertThat(l).endsWith("/consumer"))
        .anySatisfy(l -> assertThat(l).endsWith("/producer"));
  }

  @Test
  void chainsAreRejectedAfterTheNodeCertificatesExpire() {
    double farFuture = SharedSet.NOW + 100 * 365 * 86400.0;
    assertThat(SharedSet.failed(new ExchangeChecker(farFuture).check(SharedSet.dir())))
        .isNotEmpty().allSatisfy(l -> assertThat(l).endsWith("/chains"));
  }

  @Test
  void recordedMessagesWithAShortMaxageAreValidatedWithinTheirLifetime() throws Exception {
    // the same exchanges made by nodes whose maxage is absent (86400 s): a run more than a day
    // after the recording must still validate them (at the end of their life at the latest)
    VectorCopy copy = VectorCopy.of(tmp);
    var nodes = new java.util.HashMap<String, Object>();
    copy.edit("nodes/nodes.json", nodes::putAll);
    double[] latest = {0};
    copy.edit("exchange.json", d -> {
      @SuppressWarnings("unchecked")
      var ts = (java.util.List<Object>) d.get("transcripts");
      for (Object o : ts) {
        @SuppressWarnings("unchecked")
        var t = (java.util.Map<String, Object>) o;
        double made = ((Number) VectorCopy.at(t, "request", "leaf").get("expiry")).doubleValue() - 316224000;
        try {
          TranscriptEdit.request(nodes, t, "request", (String) t.get("consumer_node"), made + 86400);
          if (t.get("controller_relay") != null) {
            TranscriptEdit.request(nodes, t, "controller_relay", (String) t.get("controller_node"), made + 86400.5);
          }
          TranscriptEdit.reply(nodes, t, (String) t.get("producer_node"), made + 86401);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        latest[0] = Math.max(latest[0], made + 86401);
      }
    });
    double dayLater = latest[0] + 86400;
    assertThat(SharedSet.failed(new ExchangeChecker(dayLater).check(copy.dir()))).isEmpty();
  }

  @Test
  void aProducerWithoutPathlenGivesAReplyWithoutPathlen() throws Exception {
    // oms_prodcon was provisioned with pathlen -1 (none): its replies combine to no pathlen at all
    VectorCopy copy = VectorCopy.of(tmp);
    var nodes = new java.util.HashMap<String, Object>();
    copy.edit("nodes/nodes.json", nodes::putAll);
    copy.edit("exchange.json", d -> {
      var t = VectorCopy.at(d, "transcripts", 0);
      t.put("producer_node", "oms_prodcon");
      try {
        TranscriptEdit.reply(nodes, t, "oms_prodcon",
            ((Number) VectorCopy.at(t, "reply", "leaf").get("expiry")).doubleValue());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir()))).isEmpty();
  }

  @Test
  void aProducerSkippingAMiddleTypeStillMatchesItsLaterSharedSecrets() throws Exception {
    // a producer limited to [5, 1] answers a [5, 2, 1] request: Python computes secrets for the
    // entries it supports only, so the type-1 secret is the second one recorded, not the third
    VectorCopy copy = VectorCopy.of(tmp).edit("exchange.json", d -> {
      for (Object o : (java.util.List<?>) d.get("transcripts")) {
        @SuppressWarnings("unchecked")
        var t = (java.util.Map<String, Object>) o;
        if (!"kem_type_5_mlkem1024_hybrid".equals(t.get("name"))) {
          continue;
        }
        t.put("producer_usable_kem_types", new java.util.ArrayList<Object>(java.util.List.of(5L, 1L)));
        var ps = VectorCopy.at(t, "producer_secrets");
        @SuppressWarnings("unchecked")
        var all = (java.util.List<Object>) ps.get("all_shared_secrets_computed_in_request_order_hex");
        assertThat(all).hasSize(3);
        all.remove(1);
        VectorCopy.at(ps, "ephemeral_secret_keys_generated").remove("2");
      }
    });
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir()))).isEmpty();
  }

  @Test
  void leavesAreCheckedAgainstTheNodeKeyThatSignedThemNotTheFirstKey() throws Exception {
    // a node with two signing keys (here another key first): the reply was signed by the second
    VectorCopy copy = VectorCopy.of(tmp);
    Path crypto = copy.dir().resolve("nodes/oms_producer/oms_producer.crypto");
    var items = io.msistream.crypto.msgpack.Msgpack.decode(java.nio.file.Files.readAllBytes(crypto)).asArray("crypto");
    byte[] other = io.msistream.crypto.primitives.Ed25519.generateSecretKey(new java.security.SecureRandom());
    byte[] original = items.get(1).asArray("keys").get(0).raw();
    java.nio.file.Files.write(crypto, io.msistream.crypto.msgpack.Msgpack.pack(p -> {
      p.packArrayHeader(5).writePayload(items.get(0).raw()).packArrayHeader(2);
      p.packBinaryHeader(64).writePayload(other);
      p.writePayload(original);
      for (int i = 2; i < 5; i++) {
        p.writePayload(items.get(i).raw());
      }
    }));
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir()))).isEmpty();
  }

  @Test
  void aLeafSignedByATypeFourKeyIsCheckedByItsEd25519PartAndVerification() throws Exception {
    // the reply re-signed by a type-4 (Ed25519 + SLH-DSA) key listed first in the producer's file
    java.security.SecureRandom random = new java.security.SecureRandom();
    byte[] ed = io.msistream.crypto.primitives.Ed25519.generateSecretKey(random);
    byte[] slh = io.msistream.crypto.primitives.SlhDsa.generateSecretKey(random);
    VectorCopy copy = VectorCopy.of(tmp);
    Path crypto = copy.dir().resolve("nodes/oms_producer/oms_producer.crypto");
    var items = io.msistream.crypto.msgpack.Msgpack.decode(java.nio.file.Files.readAllBytes(crypto)).asArray("crypto");
    byte[] original = items.get(1).asArray("keys").get(0).raw();
    byte[] hybrid = io.msistream.crypto.msgpack.Msgpack.pack(p -> {
      p.packArrayHeader(2).packInt(4).packArrayHeader(2);
      p.packBinaryHeader(64).writePayload(ed);
      p.packBinaryHeader(64).writePayload(slh);
    });
    java.nio.file.Files.write(crypto, io.msistream.crypto.msgpack.Msgpack.pack(p -> {
      p.packArrayHeader(5).writePayload(items.get(0).raw()).packArrayHeader(2);
      p.packBinaryHeader(hybrid.length).writePayload(hybrid);
      p.writePayload(original);
      for (int i = 2; i < 5; i++) {
        p.writePayload(items.get(i).raw());
      }
    }));
    try (var key = io.msistream.crypto.cert.SigningKey.hybrid(ed, slh)) {
      copy.edit("exchange.json", d -> {
        try {
          TranscriptEdit.reply(VectorCopy.at(d, "transcripts", 0), key, io.msistream.crypto.cert.Chain.empty());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
    var results = new ExchangeChecker(SharedSet.NOW).check(copy.dir());
    assertThat(results).filteredOn(r -> r.label().endsWith("/leaves")).allSatisfy(r -> assertThat(r.passed()).isTrue());
    // and a tampered SLH-DSA half is noticed
    copy.edit("exchange.json", d -> {
      var reply = VectorCopy.at(d, "transcripts", 0, "reply");
      @SuppressWarnings("unchecked")
      var chainItems = (java.util.List<Object>) reply.get("chain_items_hex");
      String leaf = (String) chainItems.get(chainItems.size() - 1);
      chainItems.set(chainItems.size() - 1, (leaf.charAt(0) == '0' ? "1" : "0") + leaf.substring(1));
    });
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir())))
        .contains("exchange.json transcripts[0] kem_type_1_direct/leaves");
  }

  @Test
  void aDirectTranscriptMayWriteItsControllerRelayAsNull() throws Exception {
    // as controller_node is: a generator may write "controller_relay": null instead of leaving it out
    VectorCopy copy = VectorCopy.of(tmp).edit("exchange.json", d -> {
      for (Object o : (java.util.List<?>) d.get("transcripts")) {
        @SuppressWarnings("unchecked")
        var t = (java.util.Map<String, Object>) o;
        t.putIfAbsent("controller_relay", null);
      }
    });
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir()))).isEmpty();
  }

  @Test
  void theDataMessagesRootFollowsTheConsumersTopicSeparator() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("exchange.json", d -> {
      for (Object o : (java.util.List<?>) d.get("transcripts")) {
        @SuppressWarnings("unchecked")
        var t = (java.util.Map<String, Object>) o;
        var data = VectorCopy.at(t, "data_message");
        data.put("topic", ((String) data.get("topic")).replace('.', '-'));
      }
    });
    MessagesCheckerTest.useSeparator(copy, "-", "oms_consumer", "oms_limited_consumer", "oms_pq_consumer");
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir()))).isEmpty();
  }
}
