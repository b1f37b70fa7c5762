package io.msistream.crypto.cert;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The key field of a certificate: one key (signing keys, and legacy single key-exchange keys), or
 * a list of keys (a key request's EPKS, a reply's {@code [EPK]}). A two-element array whose first
 * item is an integer is one typed key ({@code [4, [..]]}); any other array is a list.
 */
public sealed interface CertKey {

  /** The keys: one for {@link Single}, all entries for {@link KeyList}. */
  List<PublicKey> keys();

  /** One key. */
  record Single(PublicKey key) implements CertKey {
    @Override
    public List<PublicKey> keys() {
      return List.of(key);
    }
  }

  /** A list of keys (may have been shortened by denylist filtering during validation). */
  record KeyList(List<PublicKey> keys) implements CertKey {
    public KeyList {
      keys = List.copyOf(keys);
    }
  }

  static CertKey decode(MpValue v) throws MalformedDataException {
    if (v instanceof MpValue.Arr a && !(a.items().size() == 2 && a.items().get(0) instanceof MpValue.Int)) {
      List<PublicKey> keys = new ArrayList<>();
      for (MpValue item : a.items()) {
        keys.add(PublicKey.decode(item, "certificate key list entry " + keys.size()));
      }
      return new KeyList(keys);
    }
    return new Single(PublicKey.decode(v, "certificate key"));
  }
}
