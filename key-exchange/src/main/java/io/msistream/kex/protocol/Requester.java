package io.msistream.kex.protocol;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.CertKey;
import io.msistream.crypto.cert.ExchangeLeaves;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.primitives.Kem;
import io.msistream.crypto.primitives.KemCiphertext;
import io.msistream.crypto.primitives.KemKeyPair;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A consumer's side of the key exchange (spec 6.2, 6.6): builds requests and opens the replies to
 * them. Thread-safe.
 *
 * <p>Unlike Python, which forgets a root's ephemeral secrets at every new request (spec pitfall
 * 13), the secrets of the last {@value #KEEP_PER_ROOT} requests per root stay usable until
 * {@link #expire expired}, and a random0 is not consumed by its first reply: a slow reply to an
 * older request still opens, and two producers answering one request for their own key indices
 * are both accepted. A reply only delivers key indices its request asked for.
 */
public final class Requester implements AutoCloseable {
  /** Requests per root whose secrets are kept. */
  public static final int KEEP_PER_ROOT = 4;
  private static final int RANDOM0_BYTES = 32;

  private final List<KemType> types;
  private final boolean legacy;
  private final SecureRandom random;
  private final boolean keeper;
  private final Map<String, Deque<Sent>> byRoot = new HashMap<>();
  private List<KemKeyPair> spare;
  private boolean closed;

  /** What one request remembers: its random0, the key indices asked for and its secrets. */
  private record Sent(byte[] random0, Set<KeyIndex> asked, List<KemKeyPair> pairs, double time) {
    void wipe() {
      pairs.forEach(KemKeyPair::close);
    }
  }

  /** Keys opened from a reply. */
  public record Delivery(String root, List<HeldKey> keys, int notAsked, PublicKey producer) {
    public Delivery {
      keys = List.copyOf(keys);
    }

    /** The delivered key indices. */
    public List<KeyIndex> keyIndices() {
      return keys.stream().map(HeldKey::keyIndex).toList();
    }
  }

  private Requester(List<KemType> types, boolean legacy, SecureRandom random, boolean keeper) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("at least one key-exchange type is needed");
    }
    this.types = List.copyOf(types);
    this.legacy = legacy;
    this.random = Objects.requireNonNull(random, "random");
    this.keeper = keeper;
  }

  /**
   * A requester offering {@code types} in this order (the {@code .crypto} type list).
   *
   * @param legacy also send the legacy single-bare-key request (the {@code .crypto} legacy flag)
   */
  public static Requester create(List<KemType> types, boolean legacy, SecureRandom random) {
    return new Requester(types, legacy, random, false);
  }

  /**
   * A key keeper's requester: as {@link #create}, but every request leaf also carries the
   * {@link KeeperMark#USAGE} marker (wire-compatible: validators drop unknown usages).
   */
  public static Requester keeper(List<KemType> types, boolean legacy, SecureRandom random) {
    return new Requester(types, legacy, random, true);
  }

  /** True if this requester marks its requests as a key keeper's. */
  public boolean marksKeeper() {
    return keeper;
  }

  /** The offered types, in order. */
  public List<KemType> types() {
    return types;
  }

  /**
   * A new request for {@code kis} of {@code root} with fresh ephemeral keys and random0. Send
   * every value to {@code R.subs}, and to {@code R.reqs} when the node may ask producers directly.
   */
  public Outgoing request(String root, List<KeyIndex> kis, List<Signer> signers, double now,
      double expiry) {
    byte[] random0 = new byte[RANDOM0_BYTES];
    random.nextBytes(random0);
    List<KemKeyPair> pairs;
    synchronized (this) {
      pairs = spare;
      spare = null;
    }
    if (pairs == null) {
      pairs = generate();
    }
    return request(root, kis, signers, now, expiry, pairs, random0);
  }

  /**
   * Generates the ephemeral key pairs of the next request ahead of time, if not done yet, so the
   * request itself only signs (sntrup761 key generation alone takes tens of milliseconds). Call
   * it when idle; each spare set is used by exactly one request.
   */
  public void prepare() {
    synchronized (this) {
      if (spare != null || closed) {
        return;
      }
    }
    List<KemKeyPair> pairs = generate();
    synchronized (this) {
      if (spare == null && !closed) {
        spare = pairs;
        return;
      }
    }
    pairs.forEach(KemKeyPair::close);
  }

  private List<KemKeyPair> generate() {
    List<KemKeyPair> pairs = new ArrayList<>();
    for (KemType t : types) {
      pairs.add(KemKeyPair.generate(t, random));
    }
    return pairs;
  }

  /**
   * A request with given ephemeral key pairs (taken over: wiped when forgotten) and random0; for
   * replaying recorded exchanges.
   */
  public Outgoing request(String root, List<KeyIndex> kis, List<Signer> signers, double now,
      double expiry, List<KemKeyPair> pairs, byte[] random0) {
    if (signers.isEmpty()) {
      pairs.forEach(KemKeyPair::close);
      throw new IllegalArgumentException("no signing key to sign the request with");
    }
    List<PublicKey> epks = new ArrayList<>();
    for (KemKeyPair p : pairs) {
      epks.add(Leaves.certKey(p.publicKey().encode()));
    }
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(requestBody(expiry, root, new CertKey.KeyList(epks), random0));
    if (legacy) {
      for (KemKeyPair p : pairs) {
        if (p.type() == KemType.X25519) {
          bodies.add(requestBody(expiry, root,
              new CertKey.Single(Leaves.certKey(p.publicKey().encode())), random0));
        }
      }
    }
    List<byte[]> values = new ArrayList<>();
    for (Signer s : signers) {
      for (byte[] body : bodies) {
        values.add(s.sign(root, ExchangeLeaves.REQUEST_USAGES, expiry, body));
      }
    }
    remember(root, new Sent(random0.clone(), new HashSet<>(kis), List.copyOf(pairs), now));
    return new Outgoing(root, KeyIndexList.encode(kis), values);
  }

  private byte[] requestBody(double expiry, String root, CertKey epks, byte[] random0) {
    return keeper ? KeeperMark.markedRequestBody(expiry, root, epks, random0)
        : ExchangeLeaves.requestBody(expiry, root, epks, random0);
  }

  private synchronized void remember(String root, Sent sent) {
    if (closed) {
      sent.wipe();
      throw new IllegalStateException("requester closed");
    }
    Deque<Sent> q = byRoot.computeIfAbsent(root, r -> new ArrayDeque<>());
    q.addLast(sent);
    while (q.size() > KEEP_PER_ROOT) {
      q.removeFirst().wipe();
    }
  }

  /**
   * Opens a validated reply: finds the request by random0, computes E with the matching ephemeral
   * secret, SS, opens M, and keeps the key indices that request asked for. The caller owns and
   * closes the delivered keys.
   *
   * @throws ExchangeException if random0 names no request of ours (a reply for another consumer,
   *     or an expired one), or no reply part matches our secrets
   * @throws AuthenticationException if the box does not open (wrong secret, tampered record)
   * @throws MalformedDataException if the opened contents are malformed
   */
  public Delivery open(KeyReply reply)
      throws ExchangeException, AuthenticationException, MalformedDataException {
    Sent sent;
    List<KemKeyPair> pairs;
    synchronized (this) {
      sent = find(reply.root(), reply.random0());
      if (sent == null) {
        throw new ExchangeException("key reply for " + reply.root() + ": random0 names no"
            + " outstanding request of this node");
      }
      pairs = sent.pairs();
      // decapsulate under the lock: the pairs may otherwise be wiped by a concurrent eviction
      byte[] ss = null;
      AuthenticationException lastAuth = null;
      for (KemCiphertext part : reply.epk()) {
        if (part == null) {
          continue;
        }
        for (KemKeyPair own : pairs) {
          if (own.type() != part.type()) {
            continue;
          }
          byte[] e = null;
          try {
            e = Kem.decapsulate(own, part);
            ss = ReplyBox.sharedSecret(reply.root(), reply.random0(), reply.random1(), e);
          } catch (AuthenticationException ex) {
            lastAuth = ex;
          } finally {
            if (e != null) {
              Arrays.fill(e, (byte) 0);
            }
          }
          break;
        }
        if (ss != null) {
          break;
        }
      }
      if (ss == null) {
        if (lastAuth != null) {
          throw lastAuth;
        }
        throw new ExchangeException("key reply for " + reply.root()
            + ": no reply part of a type this node offered");
      }
      List<HeldKey> opened;
      try {
        opened = ReplyBox.open(ss, reply.box());
      } finally {
        Arrays.fill(ss, (byte) 0);
      }
      List<HeldKey> kept = new ArrayList<>();
      int notAsked = 0;
      for (HeldKey k : opened) {
        if (sent.asked().contains(k.keyIndex())) {
          kept.add(k);
        } else {
          k.close();
          notAsked++;
        }
      }
      return new Delivery(reply.root(), kept, notAsked, reply.producer());
    }
  }

  private Sent find(String root, byte[] random0) {
    Deque<Sent> q = byRoot.get(root);
    if (q == null) {
      return null;
    }
    for (Sent s : q) {
      if (MessageDigest.isEqual(s.random0(), random0)) {
        return s;
      }
    }
    return null;
  }

  /**
   * True if {@code random0} names a request of ours for {@code root} whose secrets are still kept
   * (a node reading {@code R.reqs} sees its own requests too).
   */
  public synchronized boolean isOwn(String root, byte[] random0) {
    return find(root, random0) != null;
  }

  /** Forgets (and wipes) the secrets of requests made before {@code time}. */
  public synchronized void expire(double time) {
    for (Iterator<Deque<Sent>> it = byRoot.values().iterator(); it.hasNext(); ) {
      Deque<Sent> q = it.next();
      while (!q.isEmpty() && q.peekFirst().time() < time) {
        q.removeFirst().wipe();
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Number of requests whose secrets are kept (all roots). */
  public synchronized int outstanding() {
    return byRoot.values().stream().mapToInt(Deque::size).sum();
  }

  /** Wipes every kept secret; later requests fail. */
  @Override
  public synchronized void close() {
    closed = true;
    if (spare != null) {
      spare.forEach(KemKeyPair::close);
      spare = null;
    }
    byRoot.values().forEach(q -> q.forEach(Sent::wipe));
    byRoot.clear();
  }
}
