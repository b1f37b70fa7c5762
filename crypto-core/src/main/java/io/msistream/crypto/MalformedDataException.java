package io.msistream.crypto;

/**
 * Bytes that should follow a KafkaCrypto format do not: bad msgpack, wrong shape, wrong length.
 * The message names what was being read and where ({@code "chain item 2: expected bin, found int"}).
 */
public class MalformedDataException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }

  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
