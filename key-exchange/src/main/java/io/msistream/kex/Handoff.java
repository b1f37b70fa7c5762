package io.msistream.kex;

import io.msistream.crypto.record.KeyIndex;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link NodeRuntime#awaitHandoff}: which keys this process created were handed
 * over (under the policy) and which were not.
 *
 * @param policy what counted as a handoff
 * @param handedOff created keys delivered as the policy asks, in creation order
 * @param notHandedOff created keys not (yet) delivered so, in creation order
 */
public record Handoff(HandoffPolicy policy, List<Key> handedOff, List<Key> notHandedOff) {
  /** The default bound of a handoff wait (the uploader's {@code --key_handoff_timeout}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * One production key: its root topic and key index (one ratchet state gives every root the
   * same index, so the root is part of the name).
   */
  public record Key(String root, KeyIndex keyIndex) {
    public Key {
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(keyIndex, "keyIndex");
    }

    @Override
    public String toString() {
      return root + "/" + keyIndex;
    }
  }

  public Handoff {
    Objects.requireNonNull(policy, "policy");
    handedOff = List.copyOf(handedOff);
    notHandedOff = List.copyOf(notHandedOff);
  }

  /** True if every created key was handed over (also when none was created). */
  public boolean complete() {
    return notHandedOff.isEmpty();
  }
}
