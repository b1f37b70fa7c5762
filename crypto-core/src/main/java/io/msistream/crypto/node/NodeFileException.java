package io.msistream.crypto.node;

import io.msistream.crypto.MsiCryptoException;

/**
 * A node file ({@code .config}, {@code .crypto}, {@code .seed}, {@code oldkeys}) is missing,
 * unreadable or malformed. The message names the file and the field; it never holds key bytes.
 */
public final class NodeFileException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public NodeFileException(String file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public NodeFileException(String file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file (or label) the problem is in. */
  public String file() {
    return file;
  }
}
