package io.msistream.kex;

import io.msistream.crypto.record.KeyIndex;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The key indices a consumer waits for, per root, and the futures of those who wait for them.
 * At most {@value #MAX_PER_ROOT} indices per root wait at a time, so records naming random key
 * indices cannot grow memory or requests without bound. Thread-safe.
 */
final class PendingKeys {
  static final int MAX_PER_ROOT = 4096;

  private record Name(String root, KeyIndex ki) {}

  private final Map<String, Set<KeyIndex>> byRoot = new ConcurrentHashMap<>();
  private final Map<Name, CompletableFuture<Void>> arrivals = new ConcurrentHashMap<>();

  /** Outcome of {@link #add}. */
  enum Added { NEW, KNOWN, FULL }

  Added add(String root, KeyIndex ki) {
    Set<KeyIndex> s = byRoot.computeIfAbsent(root, r -> ConcurrentHashMap.newKeySet());
    if (s.contains(ki)) {
      return Added.KNOWN;
    }
    if (s.size() >= MAX_PER_ROOT) {
      return Added.FULL;
    }
    return s.add(ki) ? Added.NEW : Added.KNOWN;
  }

  /** (root, ki) is no longer requested; whoever waits for it keeps waiting. */
  void forget(String root, KeyIndex ki) {
    Set<KeyIndex> s = byRoot.get(root);
    if (s != null) {
      s.remove(ki);
    }
  }

  /** Roots with indices waiting, and those indices (live views). */
  Map<String, Set<KeyIndex>> byRoot() {
    return byRoot;
  }

  /** (root, ki) is known now: it stops waiting and its waiters are woken. */
  void arrived(String root, KeyIndex ki) {
    Set<KeyIndex> s = byRoot.get(root);
    if (s != null) {
      s.remove(ki);
    }
    CompletableFuture<Void> f = arrivals.remove(new Name(root, ki));
    if (f != null) {
      f.complete(null);
    }
  }

  /** Completes when {@link #arrived} is called for (root, ki), or at once if {@code known}. */
  CompletableFuture<Void> arrival(String root, KeyIndex ki, BooleanSupplier known) {
    if (known.getAsBoolean()) {
      return CompletableFuture.completedFuture(null);
    }
    Name n = new Name(root, ki);
    CompletableFuture<Void> f = arrivals.computeIfAbsent(n, k -> new CompletableFuture<>());
    if (known.getAsBoolean()) { // arrived between the check and the registration
      arrivals.remove(n, f);
      f.complete(null);
    }
    return f;
  }

  /** Ends every wait (the runtime is closing). */
  void cancelAll() {
    for (Name n : List.copyOf(arrivals.keySet())) {
      CompletableFuture<Void> f = arrivals.remove(n);
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
