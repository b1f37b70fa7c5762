package io.msistream.crypto;

/**
 * Base of every checked exception crypto-core throws for bad input or failed checks. Bad input never
 * surfaces as an unchecked exception; messages never contain key material.
 */
public abstract class MsiCryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  protected MsiCryptoException(String message) {
    super(message);
  }

  protected MsiCryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
