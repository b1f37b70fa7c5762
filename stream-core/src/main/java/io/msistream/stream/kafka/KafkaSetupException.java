package io.msistream.stream.kafka;

import io.msistream.stream.cli.UserError;

/**
 * The Kafka side of a program cannot be set up: a topic does not exist (or the broker cannot be
 * reached to find out), or the key-exchange topics are missing and cannot be created. Tools print
 * the one-line message and exit with status 2.
 */
public final class KafkaSetupException extends Exception implements UserError {
  private static final long serialVersionUID = 1L;

  public KafkaSetupException(String message) {
    super(message);
  }

  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
