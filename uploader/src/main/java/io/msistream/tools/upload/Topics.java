package io.msistream.tools.upload;

import io.msistream.stream.cli.UserError;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/** Start-up check that the topic can be produced to. */
final class Topics {
  private Topics() {}

  /**
   * Fetches the topic's partitions (creating it where the broker auto-creates topics).
   *
   * @throws TopicUnavailableException the topic does not exist or the broker cannot be reached
   */
  static int requireTopic(Producer<?, ?> producer, String topic) throws TopicUnavailableException {
    try {
      int n = producer.partitionsFor(topic).size();
      if (n == 0) {
        throw new TopicUnavailableException("topic " + topic + " has no partitions");
      }
      return n;
    } catch (KafkaException e) {
      throw new TopicUnavailableException("cannot produce to topic " + topic + " (does it exist,"
          + " and can the broker be reached?): " + e.getMessage(), e);
    }
  }

  /** The topic cannot be produced to (the tool prints one line and exits 2). */
  static final class TopicUnavailableException extends Exception implements UserError {
    private static final long serialVersionUID = 1L;

    TopicUnavailableException(String message) {
      super(message);
    }

    TopicUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
