package io.msistream.tools.keeper;

import java.nio.file.Path;

/**
 * The keeper's key file cannot be used: unreadable, not opening with the node's storage key, or
 * malformed. The keeper refuses to start rather than drop the keys it holds; the message names
 * the file and says what to do. Never contains key bytes.
 */
public final class KeeperStoreException extends KeeperException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  KeeperStoreException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The key file. */
  public Path file() {
    return file;
  }
}
