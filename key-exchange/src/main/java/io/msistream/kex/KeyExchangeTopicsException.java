package io.msistream.kex;

import io.msistream.crypto.MsiCryptoException;
import java.util.List;

/**
 * The key-exchange topics of a root ({@code R.keys}, {@code R.reqs}, {@code R.subs}) are missing
 * and could not be created (creation disabled, not authorized, or the broker refused). Create
 * them with one partition each.
 */
public final class KeyExchangeTopicsException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;
  private final List<String> topics;

  public KeyExchangeTopicsException(List<String> topics, String why, Throwable cause) {
    super("key-exchange topics " + String.join(", ", topics) + " are missing and cannot be created"
        + " (" + why + "); create them with one partition each", cause);
    this.topics = List.copyOf(topics);
  }

  /** The missing topics. */
  public List<String> topics() {
    return topics;
  }
}
