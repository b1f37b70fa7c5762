package io.msistream.kex.keys;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.OldKeys.Pgen;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;
import io.msistream.crypto.record.RatchetState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer's keys (spec 3.1, 4): the current ratchet state, one {@link EncryptionKey} per root
 * for it, and every production key younger than {@code crypto_max_pgen_age} ({@code oldkeys}),
 * which is what key requests are answered from — also after a restart.
 *
 * <p>A new root's key is persisted to {@code oldkeys} before it is handed out, so every record
 * ever sent can be served again by a restarted producer. If the derived key index of a root was
 * already used by an earlier run (a rolled-back {@code .seed}), the ratchet steps again at once,
 * as often as needed (Python keeps the stale index until the next day, pitfall 15).
 *
 * <p>Thread-safe. {@link #keyFor} is lock-free once a root's key exists. Keys replaced by a
 * ratchet step or pruned are wiped one step later, so a thread still using one is never hit.
 */
public final class ProducerKeys implements KeySource, KeyLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerKeys.class);
  /** Ratchet steps tried to get past key indices used by earlier runs. */
  static final int MAX_ROLLBACK_STEPS = 100_000;

  /** Where the ratchet state and the production keys are persisted. */
  public interface Files {
    /** Rewrites {@code .seed} with the next state. */
    void writeSeed(RatchetState next) throws NodeFileException;

    /** Rewrites {@code [N-crypto] oldkeys} with all production keys. */
    void writeOldKeys(List<Pgen> keys) throws NodeFileException;
  }

  private record Name(String root, KeyIndex ki) {}

  private final byte[] nodeIdSpk;
  private final boolean longKeyIndex;
  private final Duration maxAge;
  private final Files files;
  private final Clock clock;
  private final Map<String, EncryptionKey> current = new ConcurrentHashMap<>();
  private final Set<Name> earlierRuns = new HashSet<>();
  private final List<Pgen> pgens = new ArrayList<>();
  private final List<AutoCloseable> retiring = new ArrayList<>();
  private final List<KeyIndex> created = new ArrayList<>();
  private volatile BiConsumer<String, KeyIndex> onCreated = (r, k) -> { };
  private RatchetState state;
  private boolean closed;

  private ProducerKeys(RatchetState state, List<Pgen> stored, byte[] nodeIdSpk, boolean longKeyIndex,
      Duration maxAge, Files files, Clock clock) {
    this.state = state;
    this.nodeIdSpk = nodeIdSpk.clone();
    this.longKeyIndex = longKeyIndex;
    this.maxAge = maxAge;
    this.files = files;
    this.clock = clock;
    for (Pgen g : stored) {
      pgens.add(g);
      earlierRuns.add(new Name(g.root(), g.ki()));
    }
  }

  /**
   * Producer keys over a started ratchet (the state this process uses; {@code .seed} already
   * holds the next one) and the stored production keys; both are taken over. Stored keys older
   * than {@code maxAge} are dropped at once.
   */
  public static ProducerKeys start(RatchetState current, List<Pgen> stored, byte[] nodeIdSpk,
      boolean longKeyIndex, Duration maxAge, Files files, Clock clock) {
    ProducerKeys p = new ProducerKeys(Objects.requireNonNull(current, "current"), stored,
        nodeIdSpk, longKeyIndex, maxAge, Objects.requireNonNull(files, "files"), clock);
    synchronized (p) {
      p.prune();
    }
    return p;
  }

  /** Called (on the creating thread) with each new key's root and index, after it was persisted. */
  public void onKeyCreated(BiConsumer<String, KeyIndex> listener) {
    this.onCreated = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The key to encrypt records of {@code root} with; created (and persisted) on first use after
   * start or a ratchet step.
   *
   * @throws NodeFileException if the new key cannot be persisted (then no key is handed out: a
   *     record encrypted with it could not be served after a restart)
   * @throws IllegalStateException if closed
   */
  public EncryptionKey keyFor(String root) throws NodeFileException {
    EncryptionKey k = current.get(root);
    if (k != null) {
      return k;
    }
    KeyIndex ki;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("producer keys closed");
      }
      k = current.get(root);
      if (k != null) {
        return k;
      }
      for (int i = 0; earlierRuns.contains(new Name(root, state.keyIndex(nodeIdSpk, longKeyIndex))); i++) {
        if (i >= MAX_ROLLBACK_STEPS) {
          throw new NodeFileException("oldkeys", "more than " + MAX_ROLLBACK_STEPS
              + " ratchet states were already used by earlier runs");
        }
        if (i == 0) {
          LOG.warn("Key index {} for root {} was already used by an earlier run (was the .seed"
              + " file restored from a backup?); stepping the ratchet", state.keyidx(), root);
        }
        step();
      }
      k = EncryptionKey.derive(state, root, nodeIdSpk, longKeyIndex);
      ki = k.keyIndex();
      Pgen g = new Pgen(root, ki, k.rootKey(), now());
      pgens.add(g);
      try {
        files.writeOldKeys(List.copyOf(pgens));
      } catch (NodeFileException | RuntimeException e) {
        pgens.remove(g);
        g.close();
        k.close();
        throw e;
      }
      current.put(root, k);
      created.add(ki);
    }
    onCreated.accept(root, ki);
    return k;
  }

  /**
   * The ratchet step of every {@code crypto_ratchet_interval}: the next state becomes current,
   * {@code .seed} gets the one after, every root gets a new key at its next use, and production
   * keys older than the maximum age are dropped.
   */
  public synchronized void ratchet() throws NodeFileException {
    if (closed) {
      return;
    }
    step();
    if (prune()) {
      files.writeOldKeys(List.copyOf(pgens));
    }
  }

  /** Advances the state (persisting the one after it) and retires the current keys. */
  private void step() throws NodeFileException {
    RatchetState next = state.next();
    try (RatchetState afterNext = next.next()) {
      files.writeSeed(afterNext);
    } catch (NodeFileException | RuntimeException e) {
      next.close();
      throw e;
    }
    state.close();
    state = next;
    retiring.forEach(ProducerKeys::closeQuietly);
    retiring.clear();
    retiring.addAll(current.values());
    current.clear();
  }

  /** Drops (and later wipes) production keys older than the maximum age; true if any went. */
  private boolean prune() {
    double oldest = now() - maxAge.toMillis() / 1000.0;
    boolean any = false;
    for (var it = pgens.iterator(); it.hasNext(); ) {
      Pgen g = it.next();
      if (g.birth() < oldest) {
        it.remove();
        retiring.add(g);
        any = true;
      }
    }
    return any;
  }

  private double now() {
    return clock.millis() / 1000.0;
  }

  @Override
  public synchronized List<HeldKey> keysFor(String root, List<KeyIndex> requested) {
    List<HeldKey> out = new ArrayList<>();
    if (closed) {
      return out;
    }
    double oldest = now() - maxAge.toMillis() / 1000.0;
    Set<KeyIndex> seen = new HashSet<>();
    for (KeyIndex ki : requested) {
      if (!seen.add(ki)) {
        continue;
      }
      for (Pgen g : pgens) {
        if (g.root().equals(root) && g.ki().equals(ki) && g.birth() >= oldest) {
          out.add(new HeldKey(ki, SecretBytes.copyOf(g.rootKey().unsafeView())));
          break;
        }
      }
    }
    return out;
  }

  /** K_R of one of our own keys (so a node decrypts its own records without an exchange). */
  @Override
  public synchronized Optional<SecretBytes> find(String root, KeyIndex ki) {
    if (closed) {
      return Optional.empty();
    }
    for (Pgen g : pgens) {
      if (g.root().equals(root) && g.ki().equals(ki)) {
        return Optional.of(g.rootKey());
      }
    }
    return Optional.empty();
  }

  /** Roots with keys to serve (current and stored), in creation order. */
  public synchronized Set<String> roots() {
    Set<String> out = new LinkedHashSet<>();
    for (Pgen g : pgens) {
      out.add(g.root());
    }
    return out;
  }

  /** Key indices created by this process, in order. */
  public synchronized List<KeyIndex> created() {
    return List.copyOf(created);
  }

  /** The current ratchet key index counter. */
  public synchronized long keyidx() {
    return state.keyidx();
  }

  /** Wipes every key and the ratchet state. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    current.values().forEach(ProducerKeys::closeQuietly);
    current.clear();
    retiring.forEach(ProducerKeys::closeQuietly);
    retiring.clear();
    pgens.forEach(Pgen::close);
    pgens.clear();
    state.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // wiping never fails
    }
  }

  @Override
  public String toString() {
    return "ProducerKeys[keyidx " + state.keyidx() + ", " + pgens.size() + " production keys]";
  }
}
