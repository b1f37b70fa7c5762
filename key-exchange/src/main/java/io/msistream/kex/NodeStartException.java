package io.msistream.kex;

import io.msistream.crypto.MsiCryptoException;

/**
 * A node runtime could not start: a node file is missing, unreadable or malformed, the node is
 * in use by another process, or the Kafka settings are unusable. The message names the file or
 * setting; {@link #file()} gives the file when one is to blame.
 */
public final class NodeStartException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;
  private final String file;

  /** A problem with {@code file} (or with no file, if null); the message is prefixed with it. */
  public NodeStartException(String file, String message, Throwable cause) {
    super(file == null ? message : file + ": " + message, cause);
    this.file = file;
  }

  /** The start-up error for a node file problem (its message already names the file). */
  public static NodeStartException of(io.msistream.crypto.node.NodeFileException e) {
    return new NodeStartException(e);
  }

  private NodeStartException(io.msistream.crypto.node.NodeFileException e) {
    super(e.getMessage(), e);
    this.file = e.file();
  }

  public NodeStartException(String file, String message) {
    this(file, message, null);
  }

  /** The file at fault, or null. */
  public String file() {
    return file;
  }
}
