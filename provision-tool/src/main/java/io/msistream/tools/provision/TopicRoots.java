package io.msistream.tools.provision;

import io.msistream.crypto.cert.Poison;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The topics answer of simple-provision: a space-separated list of topic names, reduced to their
 * root topics (the part before the first {@code .}, which shares keys, spec 2). Each name must be
 * a legal Kafka topic name (ASCII letters, digits, {@code .}, {@code _}, {@code -}; at most 249
 * characters; not {@code .} or {@code ..}) with a non-empty root. Roots keep the order of first
 * appearance (Python uses a set, so its order is arbitrary).
 */
public final class TopicRoots {
  /** The topics constraint meaning "all topics". */
  public static final List<String> ALL = List.of(Poison.ANY_TOPIC);
  /** Kafka's limit on topic name length. */
  public static final int MAX_TOPIC_LENGTH = 249;

  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");

  private TopicRoots() {}

  /**
   * The root topics of an answer; an empty list for a blank answer (simple-provision then asks
   * whether all topics are meant). The answer {@code ^.*$} alone is taken as "all topics" too.
   *
   * @throws ProvisionException naming the first illegal topic
   */
  public static List<String> parse(String answer) throws ProvisionException {
    String a = answer.strip();
    if (a.equals(Poison.ANY_TOPIC)) {
      return ALL;
    }
    LinkedHashSet<String> roots = new LinkedHashSet<>();
    for (String topic : a.isEmpty() ? new String[0] : a.split("\\s+")) {
      roots.add(root(topic));
    }
    return List.copyOf(new ArrayList<>(roots));
  }

  /** The root of one legal topic name. */
  static String root(String topic) throws ProvisionException {
    if (topic.length() > MAX_TOPIC_LENGTH) {
      throw new ProvisionException("topic '" + topic.substring(0, 40) + "...' is longer than "
          + MAX_TOPIC_LENGTH + " characters (Kafka's limit)");
    }
    if (!LEGAL.matcher(topic).matches()) {
      throw new ProvisionException("topic '" + topic + "' has characters Kafka does not allow"
          + " (legal: ASCII letters, digits, '.', '_', '-')");
    }
    if (topic.equals(".") || topic.equals("..")) {
      throw new ProvisionException("'" + topic + "' is not a legal Kafka topic name");
    }
    int dot = topic.indexOf('.');
    String root = dot < 0 ? topic : topic.substring(0, dot);
    if (root.isEmpty()) {
      throw new ProvisionException("topic '" + topic + "' has an empty root topic (it starts with"
          + " '.'; keys are shared by the part before the first '.')");
    }
    return root;
  }
}
