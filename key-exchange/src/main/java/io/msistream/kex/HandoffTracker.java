package io.msistream.kex;

import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.record.KeyIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys this process created and which of them were delivered, to whom: what a handoff wait
 * ({@link NodeRuntime#awaitHandoff}) waits on. Creation is recorded on the encrypting thread
 * before the key is used; deliveries on the management thread when the broker acknowledged the
 * reply. Thread-safe.
 */
final class HandoffTracker implements KeyExchangeListener {
  private final Set<Handoff.Key> created = new LinkedHashSet<>();
  private final Set<Handoff.Key> toAnyone = new HashSet<>();
  private final Set<Handoff.Key> toKeeper = new HashSet<>();

  /** A new production key (called before it encrypts anything). */
  synchronized void created(String root, KeyIndex ki) {
    created.add(new Handoff.Key(root, ki));
  }

  @Override
  public synchronized void keysDelivered(String root, List<KeyIndex> kis, PublicKey requester,
      boolean keeper) {
    for (KeyIndex ki : kis) {
      Handoff.Key k = new Handoff.Key(root, ki);
      toAnyone.add(k);
      if (keeper) {
        toKeeper.add(k);
      }
    }
    notifyAll();
  }

  /** Where things stand now. */
  synchronized Handoff state(HandoffPolicy policy) {
    Set<Handoff.Key> done = policy == HandoffPolicy.KEEPER ? toKeeper : toAnyone;
    List<Handoff.Key> yes = new ArrayList<>();
    List<Handoff.Key> no = new ArrayList<>();
    for (Handoff.Key k : created) {
      (done.contains(k) ? yes : no).add(k);
    }
    return new Handoff(policy, yes, no);
  }

  /**
   * Waits until every created key is delivered under {@code policy}, at most {@code timeout}, or
   * until {@code closed} (the runtime stopped: nothing more can be delivered) or an interrupt
   * (the flag is set again).
   */
  synchronized Handoff await(Duration timeout, HandoffPolicy policy,
      java.util.function.BooleanSupplier closed) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    Handoff h = state(policy);
    while (!h.complete() && !closed.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        // woken by each delivery; the bound lets a close be noticed
        wait(Math.max(1, Math.min(200, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      h = state(policy);
    }
    return h;
  }
}
