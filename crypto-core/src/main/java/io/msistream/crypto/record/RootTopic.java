package io.msistream.crypto.record;

/**
 * The root of a topic name (spec section 2): the part before the first separator, so
 * {@code a.b.c}, {@code a.x} and {@code a} share root {@code a} and therefore share keys.
 */
public final class RootTopic {
  /** KafkaCrypto's default {@code TOPIC_SEPARATOR}. */
  public static final String DEFAULT_SEPARATOR = ".";

  private RootTopic() {}

  /** The root of {@code topic} with the default separator. */
  public static String of(String topic) {
    return of(topic, DEFAULT_SEPARATOR);
  }

  /** The root of {@code topic}: everything before the first {@code separator}. */
  public static String of(String topic, String separator) {
    int i = separator.isEmpty() ? -1 : topic.indexOf(separator);
    return i < 0 ? topic : topic.substring(0, i);
  }
}
