package io.msistream.crypto.cert;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate chain (spec 5.1): {@code pack([bin(signed_1), ..., bin(signed_n)])}; item 1 is
 * signed by a root of trust, each later item by the key in the one before, the last is the leaf.
 * Immutable; items are copied in and out.
 */
public final class Chain {
  private static final Chain EMPTY = new Chain(List.of());
  private final List<byte[]> items;

  private Chain(List<byte[]> items) {
    this.items = items;
  }

  /** The empty chain (an unprovisioned node). */
  public static Chain empty() {
    return EMPTY;
  }

  /** A chain of these signed items, in order. */
  public static Chain of(List<byte[]> signedItems) {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] b : signedItems) {
      copy.add(b.clone());
    }
    return new Chain(List.copyOf(copy));
  }

  /**
   * Decodes chain bytes. Items may be msgpack bin or str (Python reads both as bytes).
   *
   * @throws MalformedDataException if the bytes are not an array of byte strings
   */
  public static Chain decode(byte[] bytes) throws MalformedDataException {
    MpValue v = Msgpack.decode(bytes);
    List<byte[]> out = new ArrayList<>();
    for (MpValue item : v.asArray("chain")) {
      out.add(item.asBytes("chain item " + (out.size() + 1)));
    }
    return new Chain(List.copyOf(out));
  }

  /** Number of items. */
  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** A copy of item {@code i} (0-based). */
  public byte[] item(int i) {
    return items.get(i).clone();
  }

  /** Copies of all items. */
  public List<byte[]> items() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] b : items) {
      out.add(b.clone());
    }
    return out;
  }

  /** This chain with one more signed item at the end (a leaf). */
  public Chain append(byte[] signedItem) {
    List<byte[]> out = new ArrayList<>(items);
    out.add(signedItem.clone());
    return new Chain(List.copyOf(out));
  }

  /** {@code pack([bin(item), ...])}. */
  public byte[] encode() {
    return Msgpack.pack(p -> {
      p.packArrayHeader(items.size());
      for (byte[] b : items) {
        p.packBinaryHeader(b.length).writePayload(b);
      }
    });
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Chain c) || c.items.size() != items.size()) {
      return false;
    }
    for (int i = 0; i < items.size(); i++) {
      if (!java.util.Arrays.equals(items.get(i), c.items.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (byte[] b : items) {
      h = 31 * h + java.util.Arrays.hashCode(b);
    }
    return h;
  }

  @Override
  public String toString() {
    return "Chain[" + items.size() + " items]";
  }
}
