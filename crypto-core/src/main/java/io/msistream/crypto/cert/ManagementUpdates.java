package io.msistream.crypto.cert;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.primitives.Sha256;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The validation rules for the management topics {@code chains}, {@code allowlist} and
 * {@code denylist} (spec 7). Reading and writing Kafka belongs to the key-exchange module.
 */
public final class ManagementUpdates {
  private ManagementUpdates() {}

  /** Which list an update adds to. */
  public enum ListKind {
    ALLOWLIST(NodeRole.Usage.ALLOWLIST),
    DENYLIST(NodeRole.Usage.DENYLIST);

    private final String usage;

    ListKind(String usage) {
      this.usage = usage;
    }

    /** The usage the update's chain must grant. */
    public String usage() {
      return usage;
    }
  }

  /**
   * An entry to add to a node's allowlist or denylist.
   *
   * @param name the config option name: {@code base64#} + base64(SHA-256(entry bytes))
   * @param entry the unsigned certificate to store
   */
  public record ListEntry(String name, Certificate entry) {}

  /**
   * A record from the {@code chains} topic. The record key is the byte form of one signing key;
   * records for other keys are not ours ({@code Optional.empty()}). For our key the value must be a
   * chain that validates without topic or usage constraint and whose leaf is our key. Any such
   * chain is accepted (spec pitfall 8: Python's "is it better" test is ineffective; the expiry is
   * in the result for callers that want to prefer longer-lived chains).
   *
   * @throws ChainValidationException if the record is for our key but its chain is not acceptable
   */
  public static Optional<ValidatedChain> chainUpdate(byte[] recordKey, byte[] value,
      PublicKey ourKey, ChainValidator validator, double now) throws ChainValidationException {
    if (recordKey == null || !Arrays.equals(recordKey, ourKey.byteForm())) {
      return Optional.empty();
    }
    ValidatedChain v = validator.validate(value, null, null, now);
    if (!v.singleKey().map(k -> k.sameKey(ourKey)).orElse(false)) {
      throw new ChainValidationException(Reason.KEY_MISMATCH,
          "chains update: the leaf certificate is not for this node's key");
    }
    return Optional.of(v);
  }

  /**
   * A record from the {@code allowlist} or {@code denylist} topic: a chain valid for usage
   * {@code key-allowlist} / {@code key-denylist} whose leaf has a 4th item, the bin of an unsigned
   * certificate with the leaf's own key. (Self-revocations printed by generate-chains.py have no
   * 4th item and are refused, as in Python — spec pitfall 9.)
   *
   * @throws ChainValidationException if the chain is invalid, the 4th item is missing or not a
   *     certificate (MALFORMED), or names another key (KEY_MISMATCH)
   */
  public static ListEntry listUpdate(ListKind kind, byte[] value, ChainValidator validator,
      double now) throws ChainValidationException {
    ValidatedChain v = validator.validate(value, null, kind.usage(), now);
    if (v.extra().isEmpty()) {
      throw new ChainValidationException(Reason.MALFORMED,
          kind + " update: the leaf has no 4th item (the entry to add)");
    }
    MpValue item = v.extra().get(0);
    Certificate entry;
    byte[] bytes;
    try {
      bytes = item.asBytes(kind + " update entry");
      entry = Certificate.decode(bytes, kind + " update entry");
    } catch (MalformedDataException e) {
      throw new ChainValidationException(Reason.MALFORMED, e.getMessage(), e);
    }
    PublicKey leaf = v.singleKey().orElse(null);
    if (leaf == null || !entry.singleKey().map(leaf::sameKey).orElse(false)) {
      throw new ChainValidationException(Reason.KEY_MISMATCH,
          kind + " update: the entry's key is not the leaf's key");
    }
    return new ListEntry(entryName(bytes), entry);
  }

  /** The option name an added entry is stored under: {@code base64#} + base64(SHA-256(entry)). */
  public static String entryName(byte[] entry) {
    return "base64#" + Base64.getEncoder().encodeToString(Sha256.hash(entry));
  }
}
