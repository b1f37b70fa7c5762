package io.msistream.kex;

import io.msistream.crypto.node.ManagementSettings;
import io.msistream.crypto.record.RootTopic;
import java.util.List;

/** Topic naming of a deployment (spec 2): roots and the three key-exchange topics per root. */
record TopicNames(String separator, String subs, String keys, String reqs) {

  static TopicNames of(ManagementSettings s) {
    return new TopicNames(s.topicSeparator(), s.topicSuffixSubs(), s.topicSuffixKeys(),
        s.topicSuffixReqs());
  }

  String root(String topic) {
    return RootTopic.of(topic, separator);
  }

  String subsOf(String root) {
    return root + subs;
  }

  String keysOf(String root) {
    return root + keys;
  }

  String reqsOf(String root) {
    return root + reqs;
  }

  List<String> allOf(String root) {
    return List.of(keysOf(root), reqsOf(root), subsOf(root));
  }

  /** The root of a {@code R.subs} topic name, or null if it is not one. */
  String rootOfSubs(String topic) {
    if (!topic.endsWith(subs) || topic.length() == subs.length()) {
      return null;
    }
    String root = topic.substring(0, topic.length() - subs.length());
    return root.contains(separator) ? null : root;
  }
}
