package io.msistream.crypto.node;

/** Which Kafka client a {@code get_kafka_config} selection is for (spec 8.1). */
public enum KafkaUse {
  CONSUMER("consumer"),
  PRODUCER("producer");

  private final String suffix;

  KafkaUse(String suffix) {
    this.suffix = suffix;
  }

  /** The section suffix: {@code consumer} or {@code producer}. */
  public String suffix() {
    return suffix;
  }
}
