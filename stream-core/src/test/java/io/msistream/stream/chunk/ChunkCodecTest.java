package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.msgpack.Msgpack;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  static DataFileChunk chunk(String filename, String subdir, String append, long offset, int i,
      int n, byte[] data, OptionalDouble mtime) {
    byte[] h = Sha512.of(data, 0, data.length);
    byte[] fileHash = Sha512.of(new byte[] {1, 2, 3}, 0, 3);
    return DataFileChunk.of(filename, fileHash, h, offset, i, n, subdir, append, data, 0,
        data.length, mtime);
  }

  /** The same value through msgpack-core's packer configured like Python. */
  static byte[] referencePack(DataFileChunk c, ChunkFormat format) {
    return Msgpack.pack(p -> {
      p.packArrayHeader(format.fieldCount());
      p.packString(c.filename());
      p.packBinaryHeader(64).writePayload(c.fileHash());
      p.packBinaryHeader(64).writePayload(c.chunkHash());
      p.packLong(c.chunkOffsetWrite());
      p.packInt(c.chunkIndex());
      p.packInt(c.totalChunks());
      p.packString(c.subdir());
      p.packString(c.filenameAppend());
      byte[] d = c.dataBytes();
      p.packBinaryHeader(d.length).writePayload(d);
      if (format == ChunkFormat.TEN_FIELDS) {
        p.packDouble(c.mtime().orElse(0.0));
      }
    });
  }

  @Test
  void encoderMatchesThePythonCompatiblePackerAcrossEveryLengthBoundary() throws Exception {
    Random r = new Random(42);
    int[] strLens = {0, 1, 31, 32, 255, 256, 65535, 65536};
    int[] dataLens = {0, 1, 255, 256, 65535, 65536, 70000};
    long[] ints = {0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295L, 4294967296L,
        Long.MAX_VALUE};
    int checked = 0;
    for (int s : strLens) {
      for (int d : dataLens) {
        byte[] data = new byte[d];
        r.nextBytes(data);
        long off = ints[r.nextInt(ints.length)];
        int n = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ints[r.nextInt(ints.length)]));
        int i = 1 + r.nextInt(n);
        String name = "é".repeat(s / 2) + "x".repeat(s % 2); // multi-byte UTF-8, s bytes
        DataFileChunk c = chunk(name, "a/" + name, s > 100 ? "" : name, off, i, n, data,
            r.nextBoolean() ? OptionalDouble.of(r.nextDouble() * 2e9) : OptionalDouble.empty());
        for (ChunkFormat f : ChunkFormat.values()) {
          byte[] ours = ChunkEncoder.encode(c, f);
          assertThat(ours).isEqualTo(referencePack(c, f));
          assertThat(ChunkDecoder.decode(ours)).isEqualTo(f == ChunkFormat.TEN_FIELDS ? c
              : withoutMtime(c));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(strLens.length * dataLens.length * 2);
  }

  @Test
  void specExampleFraming() {
    // §2.2: offset 16384 → cd 40 00, chunk 2 → 02, 381 → cd 01 7d, 16 KiB data → c5 40 00,
    // mtime 1.7e9 → cb 41 d9 54 fc 40 00 00 00
    byte[] data = new byte[16384];
    DataFileChunk c = chunk("f".repeat(40), "test_file_sub_dir", "", 16384, 2, 381, data,
        OptionalDouble.of(1.7e9));
    String h = HEX.formatHex(ChunkEncoder.encode(c));
    assertThat(h).startsWith("9ad928");
    assertThat(h).contains("cd400002cd017db1" + HEX.formatHex("test_file_sub_dir".getBytes())
        + "a0c54000");
    assertThat(h).endsWith("cb41d954fc40000000");
    assertThat(h.length() / 2).isEqualTo(16597);
  }

  @Test
  void largeChunkUsesBin32() {
    DataFileChunk c = chunk("x", "", "", 0, 1, 1, new byte[524288], OptionalDouble.empty());
    String h = HEX.formatHex(ChunkEncoder.encode(c), 0, 250);
    assertThat(h).contains("a0a0c600080000");
  }

  @Test
  void absentMtimeIsWrittenAsZeroAndReadBackAsAbsent() throws Exception {
    DataFileChunk c = chunk("x", "", "", 0, 1, 1, new byte[3], OptionalDouble.empty());
    byte[] b = ChunkEncoder.encode(c);
    assertThat(HEX.formatHex(b)).endsWith("cb0000000000000000");
    assertThat(ChunkDecoder.decode(b).mtime()).isEmpty();
  }

  @Test
  void mtimeNormalisation() {
    for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThat(chunk("x", "", "", 0, 1, 1, new byte[0], OptionalDouble.of(bad)).mtime())
          .isEmpty();
    }
  }

  @Test
  void decoderAcceptsWideIntegersAndStrForBytes() throws Exception {
    DataFileChunk c = chunk("f.txt", "d", "", 5, 1, 2, "abc".getBytes(), OptionalDouble.of(12.5));
    byte[] b = Msgpack.pack(p -> {
      p.packArrayHeader(10);
      p.packBinaryHeader(5).writePayload("f.txt".getBytes()); // text as bin
      p.packRawStringHeader(64).writePayload(c.fileHash()); // hash as str: Python reads bytes
      p.packBinaryHeader(64).writePayload(c.chunkHash());
      p.addPayload(HEX.parseHex("cf0000000000000005")); // uint64 for 5
      p.addPayload(HEX.parseHex("d300000000000000" + "01")); // int64 for 1
      p.addPayload(HEX.parseHex("d10002")); // int16 for 2
      p.packString("d");
      p.packBinaryHeader(0);
      p.packRawStringHeader(3).writePayload("abc".getBytes()); // data as str
      p.addPayload(HEX.parseHex("ca41480000")); // float32 12.5
    });
    assertThat(ChunkDecoder.decode(b)).isEqualTo(c);
  }

  @Test
  void decoderRejectsOutOfRangeValuesNamingTheField() {
    DataFileChunk c = chunk("f", "", "", 0, 1, 1, new byte[1], OptionalDouble.empty());
    assertField(replaceField(c, 3, "ff"), "chunk_offset_write"); // -1
    assertField(replaceField(c, 3, "cfffffffffffffffff"), "chunk_offset_write"); // 2^64-1
    assertField(replaceField(c, 4, "00"), "chunk_i");
    assertField(replaceField(c, 4, "ce80000000"), "chunk_i"); // 2^31
    assertField(replaceField(c, 5, "00"), "n_total_chunks");
    assertField(replaceField(c, 5, "c0"), "n_total_chunks"); // nil
    assertField(replaceField(c, 1, "c4020102"), "file_hash");
    assertField(replaceField(c, 2, "01"), "chunk_hash");
    assertField(replaceField(c, 0, "c402c328"), "filename"); // invalid UTF-8
    assertField(replaceField(c, 6, "c3"), "subdir_str");
    assertField(replaceField(c, 7, "90"), "filename_append");
    assertField(replaceField(c, 8, "c0"), "data");
    assertField(replaceField(c, 9, "a3313233"), "file_mtime");
    assertField(replaceField(c, 9, "c0"), "file_mtime");
    assertField(new byte[0], "message");
    assertThatThrownBy(() -> ChunkDecoder.decode(null)).isInstanceOf(ChunkFormatException.class);
  }

  @Test
  void decodedDataSharesTheInputArray() throws Exception {
    DataFileChunk c = chunk("f", "", "", 0, 1, 1, new byte[1000], OptionalDouble.empty());
    byte[] b = ChunkEncoder.encode(c);
    DataFileChunk d = ChunkDecoder.decode(b);
    ByteBuffer view = d.data();
    assertThat(view.isReadOnly()).isTrue();
    int dataAt = b.length - 9 - 1000;
    b[dataAt] = 7; // the decoded chunk is a view: no copy was made
    assertThat(d.data().get(0)).isEqualTo((byte) 7);
    assertThat(d.dataArray()).isSameAs(b);
  }

  @Test
  void recordInvariants() {
    assertThatThrownBy(() -> chunk("f", "", "", -1, 1, 1, new byte[0], OptionalDouble.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> chunk("f", "", "", 0, 2, 1, new byte[0], OptionalDouble.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataFileChunk.of("f", new byte[63], new byte[64], 0, 1, 1, "", "",
        new byte[0], 0, 0, OptionalDouble.empty())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void messageKeys() {
    assertThat(DataFileChunk.messageKey("", "scan.dat", 1, 3)).isEqualTo("_scan.dat_chunk_1_of_3");
    assertThat(DataFileChunk.messageKey("a/b", "scan.dat", 1, 3))
        .isEqualTo("a_b_scan.dat_chunk_1_of_3");
  }

  private static void assertField(byte[] value, String field) {
    assertThatThrownBy(() -> ChunkDecoder.decode(value))
        .isInstanceOfSatisfying(ChunkFormatException.class,
            e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field);
  }

  /** Re-packs {@code c} (10 fields) with field {@code index} replaced by raw msgpack bytes. */
  static byte[] replaceField(DataFileChunk c, int index, String rawHex) {
    return Msgpack.pack(p -> {
      p.packArrayHeader(10);
      Object[] raw = new Object[10];
      raw[index] = HEX.parseHex(rawHex);
      if (index != 0) p.packString(c.filename()); else p.addPayload((byte[]) raw[0]);
      if (index != 1) p.packBinaryHeader(64).writePayload(c.fileHash()); else p.addPayload((byte[]) raw[1]);
      if (index != 2) p.packBinaryHeader(64).writePayload(c.chunkHash()); else p.addPayload((byte[]) raw[2]);
      if (index != 3) p.packLong(c.chunkOffsetWrite()); else p.addPayload((byte[]) raw[3]);
      if (index != 4) p.packInt(c.chunkIndex()); else p.addPayload((byte[]) raw[4]);
      if (index != 5) p.packInt(c.totalChunks()); else p.addPayload((byte[]) raw[5]);
      if (index != 6) p.packString(c.subdir()); else p.addPayload((byte[]) raw[6]);
      if (index != 7) p.packString(c.filenameAppend()); else p.addPayload((byte[]) raw[7]);
      byte[] d = c.dataBytes();
      if (index != 8) p.packBinaryHeader(d.length).writePayload(d); else p.addPayload((byte[]) raw[8]);
      if (index != 9) p.packDouble(1.0); else p.addPayload((byte[]) raw[9]);
    });
  }

  private static DataFileChunk withoutMtime(DataFileChunk c) {
    return new DataFileChunk(c.filename(), c.fileHash(), c.chunkHash(), c.chunkOffsetWrite(),
        c.chunkIndex(), c.totalChunks(), c.subdir(), c.filenameAppend(), c.data(),
        OptionalDouble.empty());
  }

  /**
   * Python's consumer names a chunk's file {@code pathlib.Path(subdir_str) / filename}; these are
   * the strings CPython 3.11's {@code PurePosixPath} gives for oddly written fields.
   */
  @Test
  void relativePathIsWhatPythonsPathlibJoinGives() {
    String[][] cases = {
      {"", "a.txt", "a.txt"}, {"sub/dir/", "a.txt", "sub/dir/a.txt"}, {"./sub", "a.txt", "sub/a.txt"},
      {"sub//dir", "a.txt", "sub/dir/a.txt"}, {".", "a.txt", "a.txt"}, {"/etc", "a", "/etc/a"},
      {"//etc", "a", "//etc/a"}, {"///etc", "a", "/etc/a"}, {"sub", "/abs/x", "/abs/x"},
      {"a/./b", "c", "a/b/c"}, {"../../etc", "t", "../../etc/t"}, {"sub", "x/y", "sub/x/y"},
      {"", "", "."}, {"sub", "", "sub"}, {"sub", ".", "sub"}, {"a/..", "b", "a/../b"},
      {"raw/run7", "scan_0003.dat", "raw/run7/scan_0003.dat"}};
    for (String[] c : cases) {
      DataFileChunk chunk = chunk(c[1], c[0], "", 0, 1, 1, new byte[0], OptionalDouble.empty());
      assertThat(chunk.relativePath()).as("%s / %s", c[0], c[1]).isEqualTo(c[2]);
    }
  }
}
