package io.msistream.kex.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Management records to send for one message: one value per signing key (and, for a legacy
 * request, per form), all under one record key, all to partition 0 of the topic the caller picks.
 *
 * @param root the root topic R
 * @param recordKey {@code pack([ki...])}
 * @param values the record values
 */
public record Outgoing(String root, byte[] recordKey, List<byte[]> values) {
  public Outgoing {
    Objects.requireNonNull(root, "root");
    recordKey = recordKey.clone();
    List<byte[]> copy = new ArrayList<>();
    for (byte[] v : values) {
      copy.add(v.clone());
    }
    values = List.copyOf(copy);
  }

  @Override
  public byte[] recordKey() {
    return recordKey.clone();
  }

  /** Total bytes of record keys and values (management traffic accounting). */
  public long bytes() {
    long n = 0;
    for (byte[] v : values) {
      n += recordKey.length + v.length;
    }
    return n;
  }

  @Override
  public String toString() {
    return "Outgoing[" + root + ", " + values.size() + " records, " + bytes() + " bytes]";
  }
}
