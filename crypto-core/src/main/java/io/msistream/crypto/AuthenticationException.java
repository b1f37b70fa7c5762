package io.msistream.crypto;

/** A MAC tag or signature did not verify. The message says what failed, never with key bytes. */
public class AuthenticationException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
