package io.msistream.crypto.cert;

import java.util.List;
import java.util.Optional;

/**
 * A node's roots of trust (allowlist) and revoked keys (denylist), both unsigned certificates
 * (spec 5.2). Membership compares key byte forms only; other fields of a denylist entry are
 * ignored. Immutable.
 */
public final class TrustLists {
  private final List<Certificate> allowlist;
  private final List<Certificate> denylist;

  private TrustLists(List<Certificate> allowlist, List<Certificate> denylist) {
    this.allowlist = List.copyOf(allowlist);
    this.denylist = List.copyOf(denylist);
  }

  public static TrustLists of(List<Certificate> allowlist, List<Certificate> denylist) {
    return new TrustLists(allowlist, denylist);
  }

  public List<Certificate> allowlist() {
    return allowlist;
  }

  public List<Certificate> denylist() {
    return denylist;
  }

  /** The first allowlist entry whose (single) key is {@code k}. */
  Optional<Certificate> allowed(PublicKey k) {
    return find(allowlist, k);
  }

  /** True if a denylist entry names {@code k}. */
  boolean denied(PublicKey k) {
    return find(denylist, k).isPresent();
  }

  private static Optional<Certificate> find(List<Certificate> list, PublicKey k) {
    for (Certificate c : list) {
      for (PublicKey e : c.key().keys()) {
        if (c.key() instanceof CertKey.Single && e.sameKey(k)) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "TrustLists[" + allowlist.size() + " allowed, " + denylist.size() + " denied]";
  }
}
