package io.msistream.kex;

import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.record.KeyIndex;
import java.util.List;

/**
 * Key-exchange events of a {@link NodeRuntime}, called on its management thread (keep them
 * short; never block). Everything is optional. Key material is never passed.
 */
public interface KeyExchangeListener {
  /** This node made a new production key (producer side). */
  default void keyCreated(String root, KeyIndex ki) {}

  /**
   * A reply carrying these key indices was written to {@code R.keys} (acknowledged by the broker)
   * for the request signed by {@code requester} (a consumer, or the controller relaying for one).
   */
  default void keysDelivered(String root, List<KeyIndex> kis, PublicKey requester) {}

  /**
   * The same event, saying whether the request was a key keeper's ({@code toKeeper}): its leaf
   * carries the {@link io.msistream.kex.protocol.KeeperMark#USAGE} marker and the requester's
   * chain without the leaf grants {@code key-encrypt} on the root (see {@link
   * io.msistream.kex.protocol.KeeperMark}). The runtime calls this one; by default it calls
   * {@link #keysDelivered(String, List, PublicKey)}.
   */
  default void keysDelivered(String root, List<KeyIndex> kis, PublicKey requester,
      boolean toKeeper) {
    keysDelivered(root, kis, requester);
  }

  /** A reply from {@code producer} delivered these keys to this node (consumer side). */
  default void keysReceived(String root, List<KeyIndex> kis, PublicKey producer) {}

  /** A request for these key indices left this node. */
  default void keysRequested(String root, List<KeyIndex> kis) {}
}
