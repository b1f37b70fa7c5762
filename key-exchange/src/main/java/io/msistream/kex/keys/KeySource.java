package io.msistream.kex.keys;

import io.msistream.crypto.record.KeyIndex;
import java.util.List;

/**
 * Where a reply's keys come from (spec 6.5 step 2). A producer serves its own current and
 * stored keys ({@link ProducerKeys}); a key keeper can serve keys it received and stored.
 */
@FunctionalInterface
public interface KeySource {
  /**
   * The keys held for {@code root} among {@code requested}, in request order. Each returned key is
   * a fresh copy the caller closes. An empty list means "none held": no reply is sent.
   */
  List<HeldKey> keysFor(String root, List<KeyIndex> requested);
}
