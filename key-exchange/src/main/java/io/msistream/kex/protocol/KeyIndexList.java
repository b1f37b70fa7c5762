package io.msistream.kex.protocol;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.record.KeyIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka record key of every {@code R.subs}, {@code R.reqs} and {@code R.keys} record (spec
 * 6.1): {@code pack([ki, ki, ...])}, the key indices asked for (or, on a reply, delivered).
 */
public final class KeyIndexList {
  /** More key indices than any one request carries; bounds what a record key may claim. */
  public static final int MAX_INDICES = 4096;

  private KeyIndexList() {}

  /** {@code pack([ki...])}, each index in its own wire form. */
  public static byte[] encode(List<KeyIndex> kis) {
    return Msgpack.pack(p -> {
      p.packArrayHeader(kis.size());
      for (KeyIndex ki : kis) {
        p.writePayload(ki.encode());
      }
    });
  }

  /**
   * Reads a record key.
   *
   * @throws MalformedDataException if it is null, not msgpack, not an array, or too long
   */
  public static List<KeyIndex> decode(byte[] recordKey) throws MalformedDataException {
    if (recordKey == null) {
      throw new MalformedDataException("key-exchange record key: missing");
    }
    MpValue v;
    try {
      v = Msgpack.decode(recordKey);
    } catch (MalformedDataException e) {
      throw new MalformedDataException("key-exchange record key: " + e.getMessage(), e);
    }
    List<MpValue> items = v.asArray("key-exchange record key");
    if (items.size() > MAX_INDICES) {
      throw new MalformedDataException("key-exchange record key: " + items.size()
          + " key indices, more than " + MAX_INDICES);
    }
    List<KeyIndex> out = new ArrayList<>(items.size());
    for (MpValue item : items) {
      out.add(KeyIndex.of(item));
    }
    return List.copyOf(out);
  }
}
