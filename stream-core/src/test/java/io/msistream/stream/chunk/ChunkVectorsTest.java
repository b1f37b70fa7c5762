package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Golden tests against the chunk messages made by OpenMSIStream's own Python code (chunks.json). */
class ChunkVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonValue VECTORS = SharedVectors.json("chunks/chunks.json");
  private static final Path FILES_ROOT = SharedVectors.interop("chunks/files");

  @Test
  void chunkingEachSourceFileReproducesKeysAndBothValueFormsByteForByte() throws Exception {
    int chunkSize = (int) VECTORS.get("chunk_size").asLong();
    int checkedChunks = 0;
    for (JsonValue f : VECTORS.get("files").list()) {
      Path file = SharedVectors.interop(f.get("source_file").str());
      ChunkPlan plan = ChunkPlanner.of(chunkSize).plan(FILES_ROOT, file)
          .withMtime(OptionalDouble.of(f.get("mtime").asDouble()));
      String what = f.get("relative_path").str();
      assertThat(plan.size()).as(what).isEqualTo(f.get("size").asLong());
      assertThat(plan.fileHash()).as(what).isEqualTo(f.get("sha512_hex").hex());
      assertThat(plan.totalChunks()).as(what).isEqualTo(f.get("n_chunks").asLong());
      List<JsonValue> chunks = f.get("chunks").list();
      assertThat(chunks).hasSize(plan.totalChunks());
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        for (JsonValue c : chunks) {
          ChunkDescriptor d = plan.chunk((int) c.get("chunk_i").asLong());
          String at = what + " chunk " + d.index();
          assertThat(plan.messageKey(d)).as(at).isEqualTo(c.get("key_text").str());
          assertThat(plan.messageKey(d).getBytes("UTF-8")).as(at).isEqualTo(c.get("key_hex").hex());
          assertThat(d.offset()).as(at).isEqualTo(c.get("chunk_offset_write").asLong());
          assertThat(d.length()).as(at).isEqualTo(c.get("data_length").asLong());
          assertThat(d.chunkHash()).as(at).isEqualTo(c.get("chunk_sha512_hex").hex());

          byte[] v10 = Files.readAllBytes(SharedVectors.interop(c.get("value_10_field_file").str()));
          byte[] v9 = Files.readAllBytes(SharedVectors.interop(c.get("value_9_field_file").str()));
          DataFileChunk chunk = ChunkReader.read(plan, d);
          assertThat(ChunkEncoder.encode(chunk)).as(at + " v10").isEqualTo(v10);
          assertThat(ChunkEncoder.encode(chunk, ChunkFormat.NINE_FIELDS_LEGACY)).as(at + " v9")
              .isEqualTo(v9);
          assertThat(ChunkEncoder.encodeFromFile(ch, plan, d, ChunkFormat.TEN_FIELDS))
              .as(at + " v10 from file").isEqualTo(v10);
          assertThat(ChunkEncoder.encodeFromFile(ch, plan, d, ChunkFormat.NINE_FIELDS_LEGACY))
              .as(at + " v9 from file").isEqualTo(v9);
          assertFraming(v10, c, "value_10_field", d.length());
          assertFraming(v9, c, "value_9_field", d.length());
          assertThat(chunk.messageKey()).isEqualTo(c.get("key_text").str());
          checkedChunks++;
        }
      }
    }
    assertThat(checkedChunks).isEqualTo(5);
  }

  @Test
  void decodesBothFormsAsPythonDid() throws Exception {
    for (JsonValue f : VECTORS.get("files").list()) {
      for (JsonValue c : f.get("chunks").list()) {
        JsonValue py = c.get("python_deserialize");
        byte[] v10 = Files.readAllBytes(SharedVectors.interop(c.get("value_10_field_file").str()));
        byte[] v9 = Files.readAllBytes(SharedVectors.interop(c.get("value_9_field_file").str()));
        assertMatchesPython(ChunkDecoder.decode(v10), py.get("v10_by_current").get("fields"));
        assertMatchesPython(ChunkDecoder.decode(v9), py.get("v9_by_current").get("fields"));
        // re-encoding what was decoded gives the same bytes back
        assertThat(ChunkEncoder.encode(ChunkDecoder.decode(v10))).isEqualTo(v10);
        assertThat(ChunkEncoder.encode(ChunkDecoder.decode(v9), ChunkFormat.NINE_FIELDS_LEGACY))
            .isEqualTo(v9);
      }
    }
  }

  @Test
  void emptyFileGivesNoChunkLikePythonOrOneEmptyChunkOnRequest() throws Exception {
    JsonValue f = VECTORS.get("files").list().stream()
        .filter(x -> x.get("size").asLong() == 0).findFirst().orElseThrow();
    Path file = SharedVectors.interop(f.get("source_file").str());
    ChunkPlan plan = ChunkPlanner.of(16384).plan(FILES_ROOT, file);
    assertThat(plan.totalChunks()).isZero();
    assertThat(plan.fileHash()).isEqualTo(f.get("sha512_hex").hex());

    ChunkPlan one = ChunkPlanner.of(16384).emptyFileAsOneChunk().plan(FILES_ROOT, file);
    assertThat(one.totalChunks()).isEqualTo(1);
    DataFileChunk c = ChunkReader.read(one, one.chunk(1));
    assertThat(c.dataLength()).isZero();
    assertThat(c.chunkHash()).isEqualTo(f.get("sha512_hex").hex());
    DataFileChunk back = ChunkDecoder.decode(ChunkEncoder.encode(c));
    assertThat(back).isEqualTo(c);
    assertThat(back.messageKey()).isEqualTo("_empty_file.dat_chunk_1_of_1");
  }

  @Test
  void everyDeserializerCaseGetsPythonsVerdict() throws Exception {
    int n = 0;
    for (JsonValue c : VECTORS.get("deserializer_cases").list()) {
      String name = c.get("name").str();
      byte[] value = c.get("value_hex").hex();
      JsonValue py = c.get("python_current");
      if (py.get("ok").asBoolean()) {
        assertMatchesPython(ChunkDecoder.decode(value), py.get("fields"));
      } else {
        assertThatThrownBy(() -> ChunkDecoder.decode(value)).as(name)
            .isInstanceOf(ChunkFormatException.class);
      }
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(9);
  }

  @Test
  void deserializerErrorsNameTheField() throws Exception {
    assertThat(errorField("data_does_not_match_chunk_hash")).isEqualTo("chunk_hash");
    assertThat(errorField("eight_fields")).isEqualTo("message");
    assertThat(errorField("eleven_fields")).isEqualTo("message");
    assertThat(errorField("not_an_array")).isEqualTo("message");
  }

  @Test
  void decodedTraversalIsAcceptedByTheDecoderButRefusedAsAPath() throws Exception {
    JsonValue c = deserializerCase("subdir_with_dotdot");
    DataFileChunk chunk = ChunkDecoder.decode(c.get("value_hex").hex());
    assertThat(chunk.subdir()).isEqualTo("../../etc");
    assertThatThrownBy(() -> SafePaths.resolve(Path.of("/tmp/out"), chunk))
        .isInstanceOf(UnsafePathException.class).hasMessageContaining("..");
  }

  @Test
  void decodesTheFieldsRecoveredFromTheEncryptedChunk() throws Exception {
    JsonValue e = VECTORS.get("encrypted_chunk");
    byte[] plain = Files.readAllBytes(SharedVectors.interop(e.get("plaintext_value_file").str()));
    DataFileChunk c = ChunkDecoder.decode(plain);
    assertMatchesPython(c, e.get("python_decrypted_chunk_fields"));
    assertThat(c.messageKey()).isEqualTo(e.get("plaintext_key_text").str());
  }

  private static String errorField(String name) throws Exception {
    byte[] v = deserializerCase(name).get("value_hex").hex();
    try {
      ChunkDecoder.decode(v);
    } catch (ChunkFormatException ex) {
      return ex.field();
    }
    throw new AssertionError(name + " decoded");
  }

  private static JsonValue deserializerCase(String name) {
    return VECTORS.get("deserializer_cases").list().stream()
        .filter(x -> x.get("name").str().equals(name)).findFirst().orElseThrow();
  }

  private static void assertFraming(byte[] value, JsonValue c, String prefix, int dataLength) {
    byte[] before = c.get(prefix + "_before_data_hex").hex();
    byte[] after = c.get(prefix + "_after_data_hex").hex();
    assertThat(value.length).isEqualTo(c.get(prefix + "_length").asLong())
        .isEqualTo(before.length + dataLength + after.length);
    assertThat(HEX.formatHex(value, 0, before.length)).isEqualTo(HEX.formatHex(before));
    assertThat(HEX.formatHex(value, value.length - after.length, value.length))
        .isEqualTo(HEX.formatHex(after));
  }

  static void assertMatchesPython(DataFileChunk c, JsonValue f) {
    String at = f.path();
    assertThat(c.filename()).as(at).isEqualTo(f.get("filename").str());
    assertThat(c.fileHash()).as(at).isEqualTo(f.get("file_hash_hex").hex());
    assertThat(c.chunkHash()).as(at).isEqualTo(f.get("chunk_hash_hex").hex());
    assertThat(c.chunkOffsetWrite()).as(at).isEqualTo(f.get("chunk_offset_write").asLong());
    assertThat(c.chunkIndex()).as(at).isEqualTo(f.get("chunk_i").asLong());
    assertThat(c.totalChunks()).as(at).isEqualTo(f.get("n_total_chunks").asLong());
    assertThat(c.subdir()).as(at).isEqualTo(f.get("subdir_str").str());
    assertThat(c.filenameAppend()).as(at).isEqualTo(f.get("filename_append").str());
    assertThat(c.dataLength()).as(at).isEqualTo(f.get("data_length").asLong());
    assertThat(Sha512.of(c.dataBytes(), 0, c.dataLength())).as(at)
        .isEqualTo(f.get("data_sha512_hex").hex());
    if (f.get("file_mtime").isNull()) {
      assertThat(c.mtime()).as(at).isEmpty();
    } else {
      assertThat(c.mtime()).as(at).hasValue(f.get("file_mtime").asDouble());
    }
    assertThat(c.relativePath()).as(at).isEqualTo(f.get("relative_filepath").str());
  }
}
