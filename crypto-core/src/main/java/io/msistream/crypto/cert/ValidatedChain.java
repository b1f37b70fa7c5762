package io.msistream.crypto.cert;

import io.msistream.crypto.msgpack.MpValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a valid chain grants (spec 5.4): the combined certificate — smallest non-zero expiry,
 * intersected topics and usages, effective pathlen — with the leaf's key(s) (denylisted list
 * entries removed) and its extra items, plus the keys that signed each step, root first.
 *
 * @param expiry combined expiry, 0 = never
 * @param topics allowed topics, empty if unconstrained
 * @param usages allowed usages, empty if unconstrained
 * @param pathlen remaining path length, empty if unconstrained
 * @param key the leaf's key field
 * @param extra the leaf's 4th and later items, with their raw bytes
 * @param signers the root's key, then each key that signed the next item
 */
public record ValidatedChain(double expiry, Optional<List<String>> topics,
    Optional<List<String>> usages, OptionalLong pathlen, CertKey key, List<MpValue> extra,
    List<PublicKey> signers) {

  public ValidatedChain {
    topics = topics.map(List::copyOf);
    usages = usages.map(List::copyOf);
    extra = List.copyOf(extra);
    signers = List.copyOf(signers);
  }

  /** The combined constraints as a poison list (topics, usages, pathlen). */
  public Poison poison() {
    List<Poison.Constraint> c = new ArrayList<>();
    topics.ifPresent(t -> c.add(new Poison.Topics(t)));
    usages.ifPresent(u -> c.add(new Poison.Usages(u)));
    if (pathlen.isPresent()) {
      c.add(new Poison.Pathlen(pathlen.getAsLong()));
    }
    return Poison.of(c);
  }

  /** The leaf's single key, if its key field is one key. */
  public Optional<PublicKey> singleKey() {
    return key instanceof CertKey.Single s ? Optional.of(s.key()) : Optional.empty();
  }

  /** The leaf's extra items' exact encodings. */
  public List<byte[]> extraEncoded() {
    List<byte[]> out = new ArrayList<>();
    for (MpValue x : extra) {
      out.add(x.raw());
    }
    return out;
  }
}
