package io.msistream.tools.keeper;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.OwnerOnly;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.keys.KeySource;
import io.msistream.kex.keys.ReceivedKeyStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's keys, persisted in one file of the node folder ({@code <node_id>.keeper}, mode
 * 0600, replaced atomically on every change) and encrypted like {@code oldkeys}:
 * {@code nonce24 || secretbox(pack(contents), EK)} with the node's storage key EK, where
 * contents = {@code {"format": "msistream-key-keeper", "version": 1,
 * "keys": [[root, ki, bin(K_R), received], ...], "wanted": [[root, ki, since], ...]}} (times in
 * seconds since the epoch, ki in its wire encoding).
 *
 * <p>It is the keeper runtime's {@link ReceivedKeyStore} (replies it receives land here and are
 * written before the runtime moves on) and a {@link KeySource} (it answers requests from here).
 * "Wanted" key indices — seen in a record, not received yet — are kept too, so a restarted keeper
 * asks for them again even though its data-topic offsets were committed.
 *
 * <p>Held keys are dropped {@code retention} after they were received; wanted ones {@code
 * retention} after the record that named them was written (nobody can serve them any more). A
 * file that cannot be read, does not open with the storage key or is malformed is never replaced:
 * {@link #open} throws {@link KeeperStoreException} naming it. Write failures are logged and
 * retried at the next change; the keys stay in memory meanwhile. Thread-safe.
 */
final class KeeperStore implements ReceivedKeyStore, KeySource {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperStore.class);
  static final String FORMAT = "msistream-key-keeper";
  static final int VERSION = 1;
  /** Wanted key indices per root (records naming random indices cannot grow it without bound). */
  static final int MAX_WANTED_PER_ROOT = 4096;

  /** A (root, key index) pair. */
  record Name(String root, KeyIndex ki) {}

  private record Held(SecretBytes key, double received) {}

  private final Path file;
  private final SecretBytes storageKey;
  private final Duration retention;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<Name, Held> held = new LinkedHashMap<>();
  private final Map<Name, Double> wanted = new LinkedHashMap<>();
  private boolean dirty;
  private boolean writeFailing;
  private boolean warnedUnprotected;
  private boolean closed;

  private KeeperStore(Path file, SecretBytes storageKey, Duration retention, Clock clock,
      SecureRandom random) {
    this.file = file;
    this.storageKey = storageKey;
    this.retention = retention;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Opens the store at {@code file} (empty if it does not exist). Nothing is written until a
   * change (call {@link #prune()} once the node is locked by its runtime).
   *
   * @param storageKey the node's storage key; copied
   * @throws KeeperStoreException naming the file if it exists but cannot be used
   */
  static KeeperStore open(Path file, SecretBytes storageKey, Duration retention, Clock clock,
      SecureRandom random) throws KeeperStoreException {
    KeeperStore s = new KeeperStore(file.toAbsolutePath().normalize(),
        SecretBytes.copyOf(storageKey.unsafeView()), retention, clock, random);
    try {
      s.load();
    } catch (KeeperStoreException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The key file. */
  Path file() {
    return file;
  }

  // ---------------------------------------------------------------- reading the file

  private void load() throws KeeperStoreException {
    if (!Files.exists(file)) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new KeeperStoreException(file, "not a regular file", null);
    }
    byte[] wrapped;
    try {
      wrapped = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeeperStoreException(file, "cannot be read (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")", e);
    }
    if (wrapped.length < SecretBox.NONCE_BYTES + SecretBox.TAG_BYTES) {
      throw corrupt(wrapped.length + " bytes is too short for an encrypted key file", null);
    }
    byte[] plain;
    try {
      plain = SecretBox.open(storageKey.unsafeView(), Arrays.copyOf(wrapped, SecretBox.NONCE_BYTES),
          Arrays.copyOfRange(wrapped, SecretBox.NONCE_BYTES, wrapped.length));
    } catch (AuthenticationException e) {
      throw corrupt("does not open with this node's storage key (damaged, or written by another"
          + " node)", e);
    }
    try {
      parse(plain);
    } catch (MalformedDataException e) {
      wipeAll();
      throw corrupt(e.getMessage(), e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private KeeperStoreException corrupt(String problem, Throwable cause) {
    return new KeeperStoreException(file, problem + ". The key keeper does not start rather than"
        + " lose the keys in it: restore the file from a backup, or move it aside to start with an"
        + " empty store (its keys are then lost to late consumers)", cause);
  }

  private void parse(byte[] plain) throws MalformedDataException {
    MpValue top = Msgpack.decode(plain);
    if (!(top instanceof MpValue.MapValue m)) {
      throw new MalformedDataException("expected a map, found " + top.typeName());
    }
    Map<String, MpValue> fields = new TreeMap<>();
    for (Map.Entry<MpValue, MpValue> e : m.entries().entrySet()) {
      fields.put(e.getKey().asText("field name"), e.getValue());
    }
    MpValue format = fields.get("format");
    if (format == null || !FORMAT.equals(format.asText("format"))) {
      throw new MalformedDataException("not a key keeper file (format field)");
    }
    MpValue version = fields.get("version");
    if (version == null || version.asLong("version") != VERSION) {
      throw new MalformedDataException("unsupported version "
          + (version == null ? "(none)" : version.asLong("version")) + " (this keeper reads "
          + VERSION + ")");
    }
    int i = 0;
    for (MpValue item : list(fields, "keys")) {
      String what = "keys entry " + i++;
      List<MpValue> f = item.asArray(what);
      if (f.size() != 4) {
        throw new MalformedDataException(what + ": expected 4 items, found " + f.size());
      }
      byte[] k = f.get(2).asBin(what + " key");
      if (k.length != 32) {
        Arrays.fill(k, (byte) 0);
        throw new MalformedDataException(what + ": key must be 32 bytes");
      }
      Name n = new Name(f.get(0).asText(what + " root"), keyIndex(f.get(1), what));
      Held before = held.put(n, new Held(SecretBytes.wrap(k), f.get(3).asNumber(what + " time")));
      if (before != null) {
        before.key().close();
        throw new MalformedDataException(what + ": key index listed twice for its root");
      }
    }
    i = 0;
    for (MpValue item : list(fields, "wanted")) {
      String what = "wanted entry " + i++;
      List<MpValue> f = item.asArray(what);
      if (f.size() != 3) {
        throw new MalformedDataException(what + ": expected 3 items, found " + f.size());
      }
      wanted.put(new Name(f.get(0).asText(what + " root"), keyIndex(f.get(1), what)),
          f.get(2).asNumber(what + " time"));
    }
  }

  private static List<MpValue> list(Map<String, MpValue> fields, String name)
      throws MalformedDataException {
    MpValue v = fields.get(name);
    if (v == null) {
      throw new MalformedDataException("no \"" + name + "\" field");
    }
    return v.asArray(name);
  }

  private static KeyIndex keyIndex(MpValue v, String what) throws MalformedDataException {
    KeyIndex ki = KeyIndex.of(v);
    if (ki instanceof KeyIndex.Other) {
      throw new MalformedDataException(what + ": not a key index");
    }
    return ki;
  }

  // ---------------------------------------------------------------- writing the file

  /** Writes the file if something changed since the last successful write. */
  synchronized void flush() {
    if (dirty && !closed) {
      write();
    }
  }

  private void changed() {
    dirty = true;
    write();
  }

  private void write() {
    byte[] plain = Msgpack.pack(p -> {
      p.packMapHeader(4);
      p.packString("format").packString(FORMAT);
      p.packString("version").packInt(VERSION);
      p.packString("keys").packArrayHeader(held.size());
      for (Map.Entry<Name, Held> e : held.entrySet()) {
        p.packArrayHeader(4).packString(e.getKey().root());
        p.writePayload(e.getKey().ki().encode());
        byte[] k = e.getValue().key().unsafeView();
        p.packBinaryHeader(k.length).writePayload(k);
        p.packDouble(e.getValue().received());
      }
      p.packString("wanted").packArrayHeader(wanted.size());
      for (Map.Entry<Name, Double> e : wanted.entrySet()) {
        p.packArrayHeader(3).packString(e.getKey().root());
        p.writePayload(e.getKey().ki().encode());
        p.packDouble(e.getValue());
      }
    });
    byte[] nonce = new byte[SecretBox.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] out;
    try {
      byte[] box = SecretBox.seal(storageKey.unsafeView(), nonce, plain);
      out = Arrays.copyOf(nonce, nonce.length + box.length);
      System.arraycopy(box, 0, out, nonce.length, box.length);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    try {
      replaceAtomically(out);
      dirty = false;
      if (writeFailing) {
        LOG.info("Key keeper file {} written again ({} key(s))", file, held.size());
      }
      writeFailing = false;
    } catch (IOException e) {
      if (!writeFailing) {
        LOG.error("Cannot write the key keeper file {} ({}: {}): the {} key(s) held are kept in"
            + " memory and the write is retried at the next change; if the keeper stops before"
            + " that, keys received since the last good write are lost", file,
            e.getClass().getSimpleName(), e.getMessage(), held.size());
      }
      writeFailing = true;
    }
  }

  /**
   * A new owner-only temporary file beside the target (0600, or an owner-only ACL on Windows),
   * forced, then moved over it.
   */
  private void replaceAtomically(byte[] content) throws IOException {
    Path dir = file.getParent();
    FileAttribute<?>[] attrs = OwnerOnly.creationAttributes(dir, false);
    if (attrs.length == 0 && !warnedUnprotected) {
      warnedUnprotected = true;
      LOG.warn("The file system of {} can restrict files neither by POSIX modes nor by ACLs: the"
          + " key keeper file is readable by whoever can read that folder; keep the node folder"
          + " on a file system that can (e.g. NTFS, ext4)", dir);
    }
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can force a folder; the file itself was forced
    }
  }

  // ---------------------------------------------------------------- keys

  @Override
  public synchronized boolean put(String root, KeyIndex ki, SecretBytes kR) {
    if (closed) {
      return false;
    }
    Name n = new Name(root, ki);
    if (held.containsKey(n)) {
      return false;
    }
    held.put(n, new Held(SecretBytes.copyOf(kR.unsafeView()), now()));
    wanted.remove(n);
    changed(); // on disk before the runtime reports the key as received
    return true;
  }

  @Override
  public synchronized Optional<SecretBytes> find(String root, KeyIndex ki) {
    if (closed) {
      return Optional.empty();
    }
    Held h = held.get(new Name(root, ki));
    return h == null ? Optional.empty() : Optional.of(h.key());
  }

  @Override
  public synchronized List<HeldKey> keysFor(String root, List<KeyIndex> requested) {
    List<HeldKey> out = new ArrayList<>();
    if (closed) {
      return out;
    }
    Set<KeyIndex> seen = new HashSet<>();
    for (KeyIndex ki : requested) {
      Held h = held.get(new Name(root, ki));
      if (h != null && seen.add(ki)) {
        out.add(new HeldKey(ki, SecretBytes.copyOf(h.key().unsafeView())));
      }
    }
    return out;
  }

  /** Outcome of {@link #want}. */
  enum Wanted { NEW, KNOWN, FULL }

  /**
   * Notes that a record written at {@code since} (seconds) names (root, ki). Not written to the
   * file until {@link #flush()} (one write per batch of records).
   */
  synchronized Wanted want(String root, KeyIndex ki, double since) {
    Name n = new Name(root, ki);
    if (closed || held.containsKey(n) || wanted.containsKey(n)) {
      return Wanted.KNOWN;
    }
    long already = wanted.keySet().stream().filter(w -> w.root().equals(root)).count();
    if (already >= MAX_WANTED_PER_ROOT) {
      return Wanted.FULL;
    }
    wanted.put(n, since);
    dirty = true;
    return Wanted.NEW;
  }

  /** True if the key is held or wanted. */
  synchronized boolean knows(String root, KeyIndex ki) {
    Name n = new Name(root, ki);
    return held.containsKey(n) || wanted.containsKey(n);
  }

  /** Wanted key indices per root, oldest first. */
  synchronized Map<String, List<KeyIndex>> wanted() {
    Map<String, List<KeyIndex>> out = new TreeMap<>();
    for (Name n : wanted.keySet()) {
      out.computeIfAbsent(n.root(), r -> new ArrayList<>()).add(n.ki());
    }
    return out;
  }

  /** Held keys per root. */
  synchronized Map<String, Integer> heldPerRoot() {
    Map<String, Integer> out = new TreeMap<>();
    for (Name n : held.keySet()) {
      out.merge(n.root(), 1, Integer::sum);
    }
    return out;
  }

  /** Number of wanted key indices. */
  synchronized int wantedCount() {
    return wanted.size();
  }

  /** What {@link #prune} dropped: held keys past retention, wanted ones nobody can serve now. */
  record Pruned(int held, Map<String, List<KeyIndex>> wanted) {
    boolean any() {
      return held > 0 || !wanted.isEmpty();
    }
  }

  /** Drops what is older than the retention and writes the file if anything went. */
  synchronized Pruned prune() {
    double oldest = now() - retention.toMillis() / 1000.0;
    int heldGone = 0;
    for (var it = held.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.received() < oldest) {
        h.key().close();
        it.remove();
        heldGone++;
      }
    }
    Map<String, List<KeyIndex>> wantedGone = new TreeMap<>();
    for (var it = wanted.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Name, Double> e = it.next();
      if (e.getValue() < oldest) {
        wantedGone.computeIfAbsent(e.getKey().root(), r -> new ArrayList<>()).add(e.getKey().ki());
        it.remove();
      }
    }
    Pruned p = new Pruned(heldGone, wantedGone);
    if (p.any() && !closed) {
      changed();
    }
    return p;
  }

  private double now() {
    return clock.millis() / 1000.0;
  }

  private void wipeAll() {
    held.values().forEach(h -> h.key().close());
    held.clear();
    wanted.clear();
  }

  /** Writes pending changes, then wipes every key. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (dirty) {
      write();
    }
    closed = true;
    wipeAll();
    storageKey.close();
  }

  @Override
  public synchronized String toString() {
    return "KeeperStore[" + file.getFileName() + ", " + held.size() + " keys, " + wanted.size()
        + " wanted]";
  }
}
