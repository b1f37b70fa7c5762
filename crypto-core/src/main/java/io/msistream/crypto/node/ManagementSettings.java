package io.msistream.crypto.node;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * The overridable management settings of a node (spec 8.1), read from section {@code N} (with
 * {@code [DEFAULT]} inheritance, names lower-case) over these defaults:
 *
 * <pre>
 * topic_separator : .            crypto_max_pgen_age : 604800 (s)   mgmt_flush_time : 2 (s)
 * topic_suffix_subs : .subs      crypto_sub_interval : 60 (s)       mgmt_poll_interval : 500 (ms)
 * topic_suffix_keys : .keys      crypto_ratchet_interval : 86400 (s) mgmt_poll_records : 8
 * topic_suffix_reqs : .reqs      mgmt_topic_chains : chains         mgmt_subscribe_interval : 300 (s)
 * mgmt_long_keyindex : True      mgmt_topic_allowlist : allowlist   deser_initial_wait_intervals : 10
 *                                mgmt_topic_denylist : denylist
 * </pre>
 *
 * Stricter than Python: numbers must be numbers (int or float, not negative), flags must be
 * booleans or integers (Python would treat any text as true), and the suffixes must start with the
 * separator (all parties of a deployment must agree on them).
 */
public record ManagementSettings(
    String topicSeparator,
    String topicSuffixSubs,
    String topicSuffixKeys,
    String topicSuffixReqs,
    Duration cryptoMaxPgenAge,
    Duration cryptoSubInterval,
    Duration cryptoRatchetInterval,
    String mgmtTopicChains,
    String mgmtTopicAllowlist,
    String mgmtTopicDenylist,
    Duration mgmtFlushTime,
    Duration mgmtPollInterval,
    int mgmtPollRecords,
    Duration mgmtSubscribeInterval,
    boolean mgmtLongKeyindex,
    int deserInitialWaitIntervals) {

  /** The defaults of spec 8.1. */
  public static ManagementSettings defaults() {
    return new ManagementSettings(".", ".subs", ".keys", ".reqs", Duration.ofSeconds(604800),
        Duration.ofSeconds(60), Duration.ofSeconds(86400), "chains", "allowlist", "denylist",
        Duration.ofSeconds(2), Duration.ofMillis(500), 8, Duration.ofSeconds(300), true, 10);
  }

  /** The settings of a node config. */
  static ManagementSettings from(NodeConfig c) throws NodeFileException {
    Reader r = new Reader(c);
    ManagementSettings d = defaults();
    String sep = r.text("topic_separator", d.topicSeparator);
    if (sep.isEmpty()) {
      throw r.error("topic_separator", "must not be empty");
    }
    String subs = r.suffix("topic_suffix_subs", d.topicSuffixSubs, sep);
    String keys = r.suffix("topic_suffix_keys", d.topicSuffixKeys, sep);
    String reqs = r.suffix("topic_suffix_reqs", d.topicSuffixReqs, sep);
    return new ManagementSettings(sep, subs, keys, reqs,
        r.seconds("crypto_max_pgen_age", d.cryptoMaxPgenAge, 1),
        r.seconds("crypto_sub_interval", d.cryptoSubInterval, 1),
        r.seconds("crypto_ratchet_interval", d.cryptoRatchetInterval, 1),
        r.text("mgmt_topic_chains", d.mgmtTopicChains),
        r.text("mgmt_topic_allowlist", d.mgmtTopicAllowlist),
        r.text("mgmt_topic_denylist", d.mgmtTopicDenylist),
        r.seconds("mgmt_flush_time", d.mgmtFlushTime, 1),
        r.seconds("mgmt_poll_interval", d.mgmtPollInterval, 0.001),
        r.count("mgmt_poll_records", d.mgmtPollRecords),
        r.seconds("mgmt_subscribe_interval", d.mgmtSubscribeInterval, 1),
        r.flag("mgmt_long_keyindex", d.mgmtLongKeyindex),
        r.count("deser_initial_wait_intervals", d.deserInitialWaitIntervals));
  }

  /** Typed reads of section N with messages naming the option. */
  private static final class Reader {
    private final NodeConfig c;

    Reader(NodeConfig c) {
      this.c = c;
    }

    NodeFileException error(String name, String what) {
      return new NodeFileException(c.source(), "[" + c.nodeId() + "] " + name + " " + what);
    }

    String text(String name, String dflt) throws NodeFileException {
      try {
        return c.ini().get(c.nodeId(), name).orElse(dflt);
      } catch (io.msistream.crypto.ini.IniException e) {
        throw new NodeFileException(c.source(), e.getMessage(), e);
      }
    }

    String suffix(String name, String dflt, String sep) throws NodeFileException {
      String s = text(name, dflt);
      if (!s.startsWith(sep) || s.length() == sep.length()) {
        throw error(name, "must start with the topic separator '" + sep + "' and name a suffix");
      }
      return s;
    }

    Duration seconds(String name, Duration dflt, double unitSeconds) throws NodeFileException {
      Optional<ConfigValue> v = c.value(null, name);
      if (v.isEmpty()) {
        return dflt;
      }
      double n;
      if (v.get() instanceof ConfigValue.IntValue i) {
        n = i.value().doubleValue();
      } else if (v.get() instanceof ConfigValue.FloatValue f) {
        n = f.value();
      } else {
        throw error(name, "must be a number");
      }
      double secs = n * unitSeconds;
      if (!(secs >= 0) || secs > 1e12) {
        throw error(name, "must be a number between 0 and 10^12 seconds");
      }
      long whole = (long) Math.floor(secs);
      return Duration.ofSeconds(whole, Math.round((secs - whole) * 1e9));
    }

    int count(String name, int dflt) throws NodeFileException {
      Optional<ConfigValue> v = c.value(null, name);
      if (v.isEmpty()) {
        return dflt;
      }
      if (v.get() instanceof ConfigValue.IntValue i && i.value().signum() >= 0
          && i.value().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0) {
        return i.value().intValue();
      }
      throw error(name, "must be a non-negative integer");
    }

    boolean flag(String name, boolean dflt) throws NodeFileException {
      Optional<ConfigValue> v = c.value(null, name);
      if (v.isEmpty()) {
        return dflt;
      }
      if (v.get() instanceof ConfigValue.BoolValue b) {
        return b.value();
      }
      if (v.get() instanceof ConfigValue.IntValue i) {
        return i.value().signum() != 0;
      }
      throw error(name, "must be True or False");
    }
  }
}
