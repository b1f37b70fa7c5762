package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of chains.json: Python's process_chain verdicts and combined certificates. */
class ChainVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> cases() {
    return SharedVectors.json("chains.json").get("cases").list().stream()
        .map(c -> Arguments.of(c.get("group").str() + "/" + c.get("name").str(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pythonCompatibleVerdict(String name, JsonValue c) throws Exception {
    check(c, c.get("expected"), RegexMode.PYTHON_COMPATIBLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void intendedRegexRule(String name, JsonValue c) throws Exception {
    JsonValue expected = c.has("expected_if_topic_were_passed_as_bytes")
        ? c.get("expected_if_topic_were_passed_as_bytes") : c.get("expected");
    check(c, expected, RegexMode.INTENDED);
  }

  private static void check(JsonValue c, JsonValue expected, RegexMode mode) throws Exception {
    ChainValidator v = ChainValidator.create(TrustLists.of(certs(c.get("allowlist_hex")),
        certs(c.get("denylist_hex")))).withRegexMode(mode);
    byte[] chain = c.get("chain_hex").hex();
    String topic = c.get("topic").isNull() ? null : c.get("topic").str();
    String usage = c.get("usage").isNull() ? null : c.get("usage").str();
    double now = c.get("now").asDouble();
    if (!expected.get("valid").asBoolean()) {
      ChainValidationException e = catchThrowableOfType(
          () -> v.validate(chain, topic, usage, now), ChainValidationException.class);
      assertThat(e).as("Python rejected this chain").isNotNull();
      assertThat(e.reason()).isIn(reasonsFor(expected));
      assertThat(e.getMessage()).doesNotContainPattern("[0-9a-fA-F]{32}"); // no key bytes
      return;
    }
    ValidatedChain r = v.validate(chain, topic, usage, now);
    JsonValue res = expected.get("result");
    assertThat(r.expiry()).isEqualTo(res.get("expiry").asDouble());
    List<String> topics = null;
    List<String> usages = null;
    Long pathlen = null;
    for (JsonValue constraint : res.get("poison").list()) {
      String cname = constraint.list().get(0).str();
      JsonValue value = constraint.list().get(1);
      switch (cname) {
        case "topics" -> topics = strings(value);
        case "usages" -> usages = strings(value);
        case "pathlen" -> pathlen = value.asLong();
        default -> throw new AssertionError(cname);
      }
    }
    assertThat(r.topics().orElse(null)).isEqualTo(topics);
    assertThat(r.usages().orElse(null)).isEqualTo(usages);
    assertThat(r.pathlen().isPresent() ? r.pathlen().getAsLong() : null).isEqualTo(pathlen);
    if (res.has("key")) {
      assertThat(r.key()).isInstanceOf(CertKey.Single.class);
      assertKey(r.key().keys().get(0), res.get("key"));
    } else {
      assertThat(r.key()).isInstanceOf(CertKey.KeyList.class);
      List<JsonValue> keys = res.get("keys").list();
      assertThat(r.key().keys()).hasSize(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        assertKey(r.key().keys().get(i), keys.get(i));
      }
    }
    List<String> extra = new ArrayList<>();
    for (byte[] x : r.extraEncoded()) {
      extra.add(HEX.formatHex(x));
    }
    assertThat(extra).isEqualTo(strings(res.get("extra_items_packed_hex")));
    List<String> signers = new ArrayList<>();
    for (PublicKey k : r.signers()) {
      signers.add(HEX.formatHex(k.byteForm()));
    }
    assertThat(signers).isEqualTo(strings(expected.get("signer_keys_hex")));
  }

  private static void assertKey(PublicKey k, JsonValue expected) {
    assertThat(k.type()).isEqualTo((int) expected.get("type").asLong());
    assertThat(HEX.formatHex(k.byteForm())).isEqualTo(expected.get("bytes_hex").str());
  }

  /** Our reason(s) for Python's error text. */
  private static Set<Reason> reasonsFor(JsonValue expected) {
    String cls = expected.get("error_class").str();
    if (cls.equals("TypeError")) {
      return Set.of(Reason.REGEX_UNDECIDABLE);
    }
    String msg = expected.get("message").str();
    if (msg.startsWith("No roots of trust")) {
      return Set.of(Reason.NO_ROOT);
    }
    String reason = expected.get("reason").isNull() ? "" : expected.get("reason").str();
    switch (reason) {
      case "No matching topic in allowed intersection set.":
        return Set.of(Reason.TOPIC);
      case "No matching usage in allowed intersection set.":
        return Set.of(Reason.USAGE);
      case "Expired Chain!":
        return Set.of(Reason.EXPIRED);
      case "Chain uses denylisted public key":
        return Set.of(Reason.DENYLISTED);
      case "Exceeded allowed pathlen.":
        return Set.of(Reason.PATHLEN);
      case "Invalid signing!":
        // Python reports certificates that do not decode (e.g. an unknown poison name) this way
        return Set.of(Reason.SIGNATURE, Reason.MALFORMED);
      case "Chain too short!":
      case "":
        return Set.of(Reason.MALFORMED);
      default:
        throw new AssertionError("unmapped Python reason: " + reason);
    }
  }

  private static List<Certificate> certs(JsonValue hexList) throws Exception {
    List<Certificate> out = new ArrayList<>();
    for (JsonValue h : hexList.list()) {
      out.add(Certificate.decode(h.hex(), h.path()));
    }
    return out;
  }

  private static List<String> strings(JsonValue arr) {
    List<String> out = new ArrayList<>();
    for (JsonValue s : arr.list()) {
      out.add(s.str());
    }
    return out;
  }
}
