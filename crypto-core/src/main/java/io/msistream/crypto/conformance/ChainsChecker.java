package io.msistream.crypto.conformance;

import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.RegexMode;
import io.msistream.crypto.cert.TrustLists;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code chains.json}: Python's {@code process_chain} verdict for every case, with the case's own
 * trust lists, topic, usage and time, in both {@link RegexMode}s; for valid chains the combined
 * expiry, topics, usages, pathlen, key(s), extra items and signers. Cases where Python raised
 * {@code TypeError} must be rejected (Python's callers drop them) and, under the intended regex
 * rule, give {@code expected_if_topic_were_passed_as_bytes}. Also checks our fixed temporary root
 * of trust against {@code temporary_root_hex}.
 */
final class ChainsChecker extends VectorFileChecker {
  private static final HexFormat HEX = HexFormat.of();

  ChainsChecker() {
    super("chains.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    List<CaseResult> out = new ArrayList<>();
    out.add(run("temporary_root_hex", "", () -> Check.bytes("temporary root of trust",
        doc.get("temporary_root_hex").hex(), ProvisioningCerts.temporaryRootOfTrust())));
    out.addAll(each(doc, "cases", c -> {
      check(c, c.get("expected"), RegexMode.PYTHON_COMPATIBLE);
      JsonValue intended = c.has("expected_if_topic_were_passed_as_bytes")
          ? c.get("expected_if_topic_were_passed_as_bytes") : c.get("expected");
      try {
        check(c, intended, RegexMode.INTENDED);
      } catch (CheckFailure f) {
        throw new CheckFailure("intended regex rule: " + f.getMessage());
      }
    }));
    return out;
  }

  private static void check(JsonValue c, JsonValue expected, RegexMode mode) throws Exception {
    ChainValidator v = ChainValidator.create(TrustLists.of(certs(c.get("allowlist_hex")),
        certs(c.get("denylist_hex")))).withRegexMode(mode);
    byte[] chain = c.get("chain_hex").hex();
    String topic = Vectors.nullableString(c.get("topic"));
    String usage = Vectors.nullableString(c.get("usage"));
    double now = c.get("now").asDouble();
    ValidatedChain r;
    try {
      r = v.validate(chain, topic, usage, now);
    } catch (ChainValidationException e) {
      if (expected.get("valid").asBoolean()) {
        throw new CheckFailure("expected valid, got ChainValidationException(" + e.reason() + ")");
      }
      Set<Reason> reasons = reasonsFor(expected);
      Check.that(reasons.contains(e.reason()), "expected rejection " + reasons + ", got ChainValidationException("
          + e.reason() + ")");
      Check.that(!e.getMessage().matches("(?s).*[0-9a-fA-F]{32}.*"), "rejection message holds key bytes");
      return;
    }
    if (!expected.get("valid").asBoolean()) {
      throw new CheckFailure("expected rejection " + reasonsFor(expected) + ", got valid");
    }
    JsonValue res = expected.get("result");
    Check.equal("expiry", res.get("expiry").asDouble(), r.expiry());
    List<String> topics = null;
    List<String> usages = null;
    Long pathlen = null;
    for (JsonValue constraint : res.get("poison").list()) {
      JsonValue value = constraint.list().get(1);
      switch (constraint.list().get(0).str()) {
        case "topics" -> topics = Vectors.strings(value);
        case "usages" -> usages = Vectors.strings(value);
        case "pathlen" -> pathlen = value.asLong();
        default -> throw new CheckFailure("unknown poison " + constraint.list().get(0).str());
      }
    }
    Check.equal("topics", topics, r.topics().orElse(null));
    Check.equal("usages", usages, r.usages().orElse(null));
    OptionalLong pl = r.pathlen();
    Check.equal("pathlen", pathlen, pl.isPresent() ? pl.getAsLong() : null);
    List<JsonValue> keys = res.has("key") ? List.of(res.get("key")) : res.get("keys").list();
    Check.equal("single key", res.has("key"), r.singleKey().isPresent());
    Check.equal("number of keys", keys.size(), r.key().keys().size());
    for (int i = 0; i < keys.size(); i++) {
      PublicKey k = r.key().keys().get(i);
      Check.equal("key " + i + " type", keys.get(i).get("type").asLong(), (long) k.type());
      Check.bytes("key " + i, keys.get(i).get("bytes_hex").hex(), k.byteForm());
    }
    Check.equal("extra items", Vectors.strings(res.get("extra_items_packed_hex")), hex(r.extraEncoded()));
    List<byte[]> signers = new ArrayList<>();
    r.signers().forEach(s -> signers.add(s.byteForm()));
    Check.equal("signer keys", Vectors.strings(expected.get("signer_keys_hex")), hex(signers));
  }

  /** Our reason(s) for Python's error (any reason for a wording not mapped here). */
  private static Set<Reason> reasonsFor(JsonValue expected) throws CheckFailure {
    if (expected.get("error_class").str().equals("TypeError")) {
      return Set.of(Reason.REGEX_UNDECIDABLE);
    }
    if (expected.get("message").str().startsWith("No roots of trust")) {
      return Set.of(Reason.NO_ROOT);
    }
    String reason = expected.get("reason").isNull() ? "" : expected.get("reason").str();
    return switch (reason) {
      case "No matching topic in allowed intersection set." -> Set.of(Reason.TOPIC);
      case "No matching usage in allowed intersection set." -> Set.of(Reason.USAGE);
      case "Expired Chain!" -> Set.of(Reason.EXPIRED);
      case "Chain uses denylisted public key" -> Set.of(Reason.DENYLISTED);
      case "Exceeded allowed pathlen." -> Set.of(Reason.PATHLEN);
      // Python reports certificates that do not decode (e.g. an unknown poison name) this way
      case "Invalid signing!" -> Set.of(Reason.SIGNATURE, Reason.MALFORMED);
      case "Chain too short!", "" -> Set.of(Reason.MALFORMED);
      // the README: reason texts are Python's wording, not part of the verdict; a rejection is
      // all that can be asked for a wording we have not mapped
      default -> EnumSet.allOf(Reason.class);
    };
  }

  private static List<Certificate> certs(JsonValue hexList) throws Exception {
    List<Certificate> out = new ArrayList<>();
    for (JsonValue h : hexList.list()) {
      out.add(Certificate.decode(h.hex(), h.path()));
    }
    return out;
  }

  private static List<String> hex(List<byte[]> values) {
    List<String> out = new ArrayList<>();
    values.forEach(b -> out.add(HEX.formatHex(b)));
    return out;
  }
}
