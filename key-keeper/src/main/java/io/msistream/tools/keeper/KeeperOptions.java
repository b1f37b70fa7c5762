package io.msistream.tools.keeper;

import io.msistream.stream.config.ConfigDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Keeper} is started with. Build with {@link #of} and the {@code with...} methods.
 *
 * @param config the OpenMSIStream config file ({@code [broker]}, {@code [kafkacrypto]}, optional
 *     {@code [consumer]} settings for the data-topic reader), already resolved
 * @param topics the data topics whose keys are kept (their roots are the roots served)
 * @param retention how long a received key is kept (default 30 days)
 * @param groupId the data-topic reader's consumer group (default {@code <node_id>.key-keeper}:
 *     from the earliest offset the first time, committed offsets after)
 * @param dirs where {@code [kafkacrypto] node_id} folders are looked for
 */
public record KeeperOptions(Path config, List<String> topics, Duration retention,
    Optional<String> groupId, ConfigDirs dirs) {
  /** The default retention of received keys. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public KeeperOptions {
    Objects.requireNonNull(config, "config");
    topics = List.copyOf(topics);
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("at least one topic is needed");
    }
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(dirs, "dirs");
  }

  /** Options with the defaults (30 days, own group id, config folders from the environment). */
  public static KeeperOptions of(Path config, List<String> topics) {
    return new KeeperOptions(config, topics, DEFAULT_RETENTION, Optional.empty(),
        ConfigDirs.fromEnvironment());
  }

  public KeeperOptions withRetention(Duration d) {
    return new KeeperOptions(config, topics, d, groupId, dirs);
  }

  public KeeperOptions withGroupId(String id) {
    return new KeeperOptions(config, topics, retention, Optional.of(id), dirs);
  }

  public KeeperOptions withDirs(ConfigDirs d) {
    return new KeeperOptions(config, topics, retention, groupId, d);
  }
}
