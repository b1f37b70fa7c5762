package io.msistream.kex.protocol;

import io.msistream.crypto.MsiCryptoException;

/**
 * A key-exchange message was well-formed and signed but cannot be used: no key-exchange type in
 * common, no requested key held, a reply to a request this process did not make, a box that does
 * not open. The message names the record, never key material.
 */
public final class ExchangeException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;

  public ExchangeException(String message) {
    super(message);
  }

  public ExchangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
