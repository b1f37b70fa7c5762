package io.msistream.tools.keeper;

import io.msistream.stream.cli.UserError;

/**
 * A key keeper cannot start: the config has no {@code [kafkacrypto]} node, the node cannot serve
 * keys (its chain grants no {@code key-encrypt} on any root it is asked to keep), the node or its
 * key-exchange topics are unusable, or its key file is damaged ({@link KeeperStoreException}).
 * The tool prints the message as one line and exits with status 2.
 */
public class KeeperException extends Exception implements UserError {
  private static final long serialVersionUID = 1L;

  KeeperException(String message) {
    super(message);
  }

  KeeperException(String message, Throwable cause) {
    super(message, cause);
  }
}
