package io.msistream.crypto.cert;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.msgpack.MpValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Validates certificate chains exactly as KafkaCrypto's {@code process_chain} (spec 5.4).
 *
 * <p>Each allowlist entry is tried in turn as the root (first success wins). Walking the chain,
 * the accumulated certificate P is combined with each verified item N: smaller non-zero expiry,
 * topics/usages intersected (a child item survives if the parent multimatches it, see
 * {@link Multimatch}), pathlen the minimum of P's (minus one) and N's, where a side without a
 * pathlen but whose usages admit {@code key-allowlist}/{@code key-denylist} counts as 0. Before
 * each step a denylisted P key marks the chain denylisted; an allowlisted one clears the mark and
 * is combined with its allowlist entry. The leaf's key is then checked against both lists (a key
 * list loses its denylisted entries). Finally denylisted, expired ({@code expiry != 0 &&
 * expiry < now}), topic, usage and negative pathlen reject, in that order; a wanted topic or
 * usage needs a constraint that allows it.
 *
 * <p>If every root fails, a chain of exactly two items {@code [unsigned cert of K, item signed by
 * K]} is accepted for usage {@code key-denylist} (or no usage) without a root, so any key can
 * revoke itself; its usages must still admit {@code key-denylist}. The error reported is the last
 * root's.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChainValidator {
  /** The usage that lets a key revoke itself. */
  public static final String KEY_DENYLIST = "key-denylist";
  /** The usage of allowlist administrators. */
  public static final String KEY_ALLOWLIST = "key-allowlist";

  private final TrustLists trust;
  private final RegexMode mode;

  private ChainValidator(TrustLists trust, RegexMode mode) {
    this.trust = trust;
    this.mode = mode;
  }

  /** A validator for these trust lists, in {@link RegexMode#PYTHON_COMPATIBLE} mode. */
  public static ChainValidator create(TrustLists trust) {
    return new ChainValidator(Objects.requireNonNull(trust, "trust"), RegexMode.PYTHON_COMPATIBLE);
  }

  /** This validator with another regex mode. */
  public ChainValidator withRegexMode(RegexMode m) {
    return new ChainValidator(trust, Objects.requireNonNull(m, "mode"));
  }

  public TrustLists trust() {
    return trust;
  }

  /**
   * Validates chain bytes.
   *
   * @param topic the root topic the chain must allow, or null for no topic check
   * @param usage the usage the chain must allow, or null for no usage check
   * @param now seconds since the epoch
   * @throws ChainValidationException if the chain is rejected
   */
  public ValidatedChain validate(byte[] chain, String topic, String usage, double now)
      throws ChainValidationException {
    Chain c;
    try {
      c = Chain.decode(chain);
    } catch (MalformedDataException e) {
      throw new ChainValidationException(Reason.MALFORMED, "chain: " + e.getMessage(), e);
    }
    return validate(c, topic, usage, now);
  }

  /** Validates a decoded chain (see {@link #validate(byte[], String, String, double)}). */
  public ValidatedChain validate(Chain chain, String topic, String usage, double now)
      throws ChainValidationException {
    if (trust.allowlist().isEmpty()) {
      throw new ChainValidationException(Reason.NO_ROOT, "no roots of trust (empty allowlist)");
    }
    if (chain.isEmpty()) {
      throw new ChainValidationException(Reason.MALFORMED, "chain too short (no items)");
    }
    List<byte[]> items = chain.items();
    ChainValidationException last = null;
    for (Certificate root : trust.allowlist()) {
      try {
        return walk(root, items, trust, topic, usage, now);
      } catch (ChainValidationException e) {
        if (e.reason() == Reason.REGEX_UNDECIDABLE) {
          throw e; // Python raises out of process_chain here: no other root is tried
        }
        last = e;
      }
    }
    if (items.size() == 2 && (usage == null || usage.equals(KEY_DENYLIST))) {
      try {
        Certificate self = Certificate.decode(items.get(0), "self-revocation certificate");
        TrustLists selfTrust = TrustLists.of(List.of(self), trust.denylist());
        return walk(self, items.subList(1, 2), selfTrust, topic, KEY_DENYLIST, now);
      } catch (MalformedDataException e) {
        // not a self-revocation: report the last root's error
      } catch (ChainValidationException e) {
        if (e.reason() == Reason.REGEX_UNDECIDABLE) {
          throw e;
        }
      }
    }
    throw last;
  }

  /** Validates {@code items} from one root; throws the reason this root fails. */
  private ValidatedChain walk(Certificate root, List<byte[]> items, TrustLists lists, String topic,
      String usage, double now) throws ChainValidationException {
    Acc p = Acc.of(root);
    boolean denylisted = false;
    List<PublicKey> signers = new ArrayList<>();
    addSigner(signers, root.key());
    for (int i = 0; i < items.size(); i++) {
      PublicKey signer = p.key instanceof CertKey.Single s ? s.key() : null;
      if (signer == null) {
        throw new ChainValidationException(Reason.SIGNATURE,
            "chain item " + (i + 1) + ": the certificate before it holds no signing key");
      }
      if (lists.denied(signer)) {
        denylisted = true;
      } else {
        Optional<Certificate> allowed = lists.allowed(signer);
        if (allowed.isPresent()) {
          denylisted = false;
          p = combine(p, Acc.of(allowed.get()), 0, 0);
        }
      }
      byte[] body;
      try {
        body = signer.open(items.get(i));
      } catch (AuthenticationException e) {
        throw new ChainValidationException(Reason.SIGNATURE,
            "chain item " + (i + 1) + " is not signed by the key before it", e);
      }
      Certificate n;
      try {
        n = Certificate.decode(body, "chain item " + (i + 1));
      } catch (MalformedDataException e) {
        throw new ChainValidationException(Reason.MALFORMED, e.getMessage(), e);
      }
      p = combine(p, Acc.of(n), -1, 0);
      addSigner(signers, n.key());
    }
    CertKey leafKey = p.key;
    if (leafKey instanceof CertKey.Single s) {
      if (lists.allowed(s.key()).isPresent()) {
        denylisted = false;
      }
      if (lists.denied(s.key())) {
        denylisted = true;
      }
    } else {
      List<PublicKey> kept = new ArrayList<>();
      for (PublicKey k : leafKey.keys()) {
        if (!lists.denied(k)) {
          kept.add(k);
        }
      }
      if (kept.isEmpty()) {
        denylisted = true;
      }
      leafKey = new CertKey.KeyList(kept);
    }
    if (denylisted) {
      throw new ChainValidationException(Reason.DENYLISTED, "chain uses a denylisted key");
    }
    if (p.expiry != 0 && p.expiry < now) {
      throw new ChainValidationException(Reason.EXPIRED, "chain expired");
    }
    if (topic != null && (p.topics == null || !finalMatch(topic, p.topics, "topic"))) {
      throw new ChainValidationException(Reason.TOPIC, "topic not allowed by the chain");
    }
    if (usage != null && (p.usages == null || !finalMatch(usage, p.usages, "usage"))) {
      throw new ChainValidationException(Reason.USAGE, "usage '" + usage + "' not allowed by the chain");
    }
    if (p.pathlen != null && p.pathlen < 0) {
      throw new ChainValidationException(Reason.PATHLEN, "chain exceeds its allowed path length");
    }
    return new ValidatedChain(p.expiry, Optional.ofNullable(p.topics), Optional.ofNullable(p.usages),
        p.pathlen == null ? OptionalLong.empty() : OptionalLong.of(p.pathlen), leafKey, p.extra,
        signers);
  }

  private boolean finalMatch(String wanted, List<String> choices, String what)
      throws ChainValidationException {
    return mode == RegexMode.PYTHON_COMPATIBLE
        ? Multimatch.matchesAsPython(wanted, choices, what)
        : Multimatch.matches(wanted, choices);
  }

  /** Records the key of a certificate on the path (single keys only, no immediate repeats). */
  private static void addSigner(List<PublicKey> signers, CertKey key) {
    if (key instanceof CertKey.Single s
        && (signers.isEmpty() || !signers.get(signers.size() - 1).sameKey(s.key()))) {
      signers.add(s.key());
    }
  }

  /** combine(P, N) of spec 5.4 step 3; key and extra items come from N. */
  static Acc combine(Acc p, Acc n, long pOffset, long nOffset) throws ChainValidationException {
    double expiry;
    if (p.expiry == 0) {
      expiry = n.expiry;
    } else if (n.expiry == 0) {
      expiry = p.expiry;
    } else {
      expiry = Math.min(p.expiry, n.expiry);
    }
    Long pl = null;
    Long pp = p.effectivePathlen();
    Long np = n.effectivePathlen();
    if (pp != null) {
      pl = saturatingAdd(pp, pOffset);
    }
    if (np != null) {
      long v = saturatingAdd(np, nOffset);
      pl = pl == null ? v : Math.min(pl, v);
    }
    return new Acc(expiry, intersect(p.topics, n.topics), intersect(p.usages, n.usages), pl, n.key,
        n.extra);
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** Child items the parent multimatches; a missing list is no constraint. */
  private static List<String> intersect(List<String> parent, List<String> child)
      throws ChainValidationException {
    if (parent == null) {
      return child;
    }
    if (child == null) {
      return parent;
    }
    List<String> out = new ArrayList<>();
    for (String c : child) {
      if (Multimatch.matches(c, parent)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /** The accumulated certificate P while walking a chain. */
  static final class Acc {
    final double expiry;
    final List<String> topics;
    final List<String> usages;
    final Long pathlen;
    final CertKey key;
    final List<MpValue> extra;

    Acc(double expiry, List<String> topics, List<String> usages, Long pathlen, CertKey key,
        List<MpValue> extra) {
      this.expiry = expiry;
      this.topics = topics;
      this.usages = usages;
      this.pathlen = pathlen;
      this.key = key;
      this.extra = extra;
    }

    static Acc of(Certificate c) {
      Poison p = c.poison();
      OptionalLong pl = p.pathlen();
      return new Acc(c.expiry(), p.topics().orElse(null), p.usages().orElse(null),
          pl.isPresent() ? pl.getAsLong() : null, c.key(), c.extra());
    }

    /** The explicit pathlen, else 0 if the usages admit list administration, else none. */
    Long effectivePathlen() throws ChainValidationException {
      if (pathlen != null) {
        return pathlen;
      }
      if (usages != null && (Multimatch.matches(KEY_ALLOWLIST, usages)
          || Multimatch.matches(KEY_DENYLIST, usages))) {
        return 0L;
      }
      return null;
    }
  }
}
