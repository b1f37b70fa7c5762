package io.msistream.tools.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record values made by OpenMSIStream itself (v1.8.7 10-field and v1.8.6 9-field, shared interop
 * vectors) rebuild the original files; the hand-packed deserializer cases end as Python decided,
 * except {@code ..} in {@code subdir_str}, which we refuse.
 */
class PythonChunksTest {
  private static final JsonValue CHUNKS = SharedVectors.json("chunks/chunks.json");

  @TempDir Path out;

  static Stream<Arguments> files() {
    List<Arguments> a = new ArrayList<>();
    for (JsonValue f : CHUNKS.get("files").list()) {
      if (!f.get("chunks").list().isEmpty()) {
        a.add(Arguments.of(f.get("relative_path").str(), "value_10_field_file"));
        a.add(Arguments.of(f.get("relative_path").str(), "value_9_field_file"));
      }
    }
    return a.stream();
  }

  private static JsonValue file(String rel) {
    return CHUNKS.get("files").list().stream()
        .filter(f -> f.get("relative_path").str().equals(rel)).findFirst().orElseThrow();
  }

  private static RecordHandler handler(Path out, WorkDir w, Reassembler r, DownloadStats s) {
    return new RecordHandler(out, r, new RecordKeeper(out, ZoneId.of("UTC")), Optional.empty(), s);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("files")
  void pythonChunksRebuildTheFileInAnyOrder(String rel, String form) throws Exception {
    JsonValue f = file(rel);
    List<JsonValue> chunks = new ArrayList<>(f.get("chunks").list());
    Collections.reverse(chunks);
    DownloadStats stats = new DownloadStats();
    try (WorkDir w = WorkDir.open(out); Reassembler r = new Reassembler(w, stats)) {
      RecordHandler h = handler(out, w, r, stats);
      long offset = 0;
      for (JsonValue c : chunks) {
        byte[] value = Files.readAllBytes(SharedVectors.interop(c.get(form).str()));
        h.handle(new RecordKeeper.Origin("t", 0, offset++, TimestampType.CREATE_TIME, 1),
            new Opened.Readable(c.get("key_hex").hex(), ByteBuffer.wrap(value)));
      }
    }
    byte[] rebuilt = Files.readAllBytes(out.resolve(rel));
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(rebuilt)))
        .isEqualTo(f.get("sha512_hex").str());
    assertThat(rebuilt.length).isEqualTo(f.get("size").asLong());
    assertThat(stats.filesCompleted.get()).isEqualTo(1);
  }

  static Stream<Arguments> cases() {
    return CHUNKS.get("deserializer_cases").list().stream()
        .map(c -> Arguments.of(c.get("name").str(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deserializerCasesEndAsPythonDecidedExceptUnsafePaths(String name, JsonValue c)
      throws Exception {
    boolean pythonOk = c.get("python_current").get("ok").raw().equals(Boolean.TRUE);
    boolean unsafe = name.contains("dotdot");
    DownloadStats stats = new DownloadStats();
    try (WorkDir w = WorkDir.open(out); Reassembler r = new Reassembler(w, stats)) {
      handler(out, w, r, stats).handle(
          new RecordKeeper.Origin("t", 0, 0, TimestampType.CREATE_TIME, 1),
          new Opened.Readable(null, ByteBuffer.wrap(c.get("value_hex").hex())));
    }
    if (pythonOk && !unsafe) {
      assertThat(stats.rejected.get()).isZero();
      assertThat(stats.messagesProcessed.get()).isEqualTo(1);
    } else {
      assertThat(stats.rejected.get()).isEqualTo(1);
      try (Stream<Path> s = Files.list(out.resolve(RecordKeeper.REJECTED_MESSAGES))) {
        assertThat(s.filter(p -> p.toString().endsWith("_value.bin")).count()).isEqualTo(1);
      }
    }
  }
}
