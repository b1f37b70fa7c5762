package io.msistream.crypto.cert;

import io.msistream.crypto.MsiCryptoException;

/** A chain was rejected (spec 5.4); {@link #reason()} says why. Messages never hold key bytes. */
public final class ChainValidationException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;

  /** Why a chain was rejected. */
  public enum Reason {
    /** A key on the chain, or every leaf key, is on the denylist. */
    DENYLISTED,
    /** The combined expiry is in the past. */
    EXPIRED,
    /** The wanted topic is not allowed (also when no certificate constrains topics at all). */
    TOPIC,
    /** The wanted usage is not allowed. */
    USAGE,
    /** The chain is longer than a pathlen constraint allows. */
    PATHLEN,
    /** An item does not verify under the key before it (also: no root signed the first item). */
    SIGNATURE,
    /** The allowlist is empty. */
    NO_ROOT,
    /** The chain or a certificate in it is not well-formed (bad msgpack, too short, bad poison). */
    MALFORMED,
    /** A management-topic update names a key other than the one it must (spec 7). */
    KEY_MISMATCH,
    /**
     * The combined topic (or usage) list still holds a regex other than {@code ^.*$} that had to be
     * applied to the wanted text. Python raises {@code TypeError} here and every caller drops the
     * message, so the chain is rejected in {@link RegexMode#PYTHON_COMPATIBLE} mode.
     */
    REGEX_UNDECIDABLE
  }

  private final Reason reason;

  ChainValidationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  ChainValidationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
