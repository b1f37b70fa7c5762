package io.msistream.tools.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.EncryptedMessageNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordHandlerTest {
  @TempDir Path out;
  @TempDir Path src;

  private WorkDir work;
  private Reassembler reassembler;
  private DownloadStats stats;
  private RecordHandler handler;

  @BeforeEach
  void setUp() throws Exception {
    work = WorkDir.open(out);
    stats = new DownloadStats();
    reassembler = new Reassembler(work, stats);
    handler = new RecordHandler(out, reassembler, new RecordKeeper(out, ZoneId.of("UTC")),
        Optional.empty(), stats);
  }

  @AfterEach
  void tearDown() {
    reassembler.close();
    work.close();
  }

  private static RecordKeeper.Origin origin(long offset, long timestamp) {
    return new RecordKeeper.Origin("lab.chunks", 0, offset, TimestampType.CREATE_TIME, timestamp);
  }

  @Test
  void undecryptableRecordsInTheSameMillisecondGetTheirOwnFiles() throws Exception {
    long ts = 1_775_669_865_123L; // 2026-04-08 17:37:45.123 UTC
    byte[] k1 = {1, 2, 3};
    byte[] v1 = {1, 9, 9, 9};
    byte[] k2 = {1, 4};
    byte[] v2 = {1, 8};
    try (CapturedLog log = new CapturedLog(RecordHandler.class)) {
      assertThat(handler.handle(origin(7, ts), new Opened.Undecryptable(k1, v1, "no key"))
          .pending()).isNull();
      handler.handle(origin(8, ts), new Opened.Undecryptable(k2, v2, "no key"));
      // each warning names the two files the record was kept in
      assertThat(log.warnings()).hasSize(2);
      assertThat(log.warnings().get(1)).contains("failed to be decrypted")
          .contains("_0_8_key.bin").contains("_0_8_value.bin");
    }
    Path dir = out.resolve("ENCRYPTED_MESSAGES");
    String stem = "encrypted_message_from_lab.chunks_produced_on_Apr_08_2026_at_17_37_45_123000";
    assertThat(Files.readAllBytes(dir.resolve(stem + "_key.bin"))).isEqualTo(k1);
    assertThat(Files.readAllBytes(dir.resolve(stem + "_value.bin"))).isEqualTo(v1);
    assertThat(Files.readAllBytes(dir.resolve(stem + "_0_8_key.bin"))).isEqualTo(k2);
    assertThat(Files.readAllBytes(dir.resolve(stem + "_0_8_value.bin"))).isEqualTo(v2);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.endsWith("_key.bin")) {
          assertThat(EncryptedMessageNames.parse(n)).get()
              .satisfies(x -> assertThat(x.topic()).isEqualTo("lab.chunks"));
        }
      }
    }
    assertThat(stats.undecryptable.get()).isEqualTo(2);
    assertThat(stats.messagesProcessed.get()).isZero();
  }

  @Test
  void aRecordWithoutTimestampIsStampedConsumed() throws Exception {
    handler.handle(new RecordKeeper.Origin("t", 1, 2, TimestampType.NO_TIMESTAMP_TYPE, -1),
        new Opened.Undecryptable(null, new byte[] {1}, "no key"));
    try (Stream<Path> s = Files.list(out.resolve("ENCRYPTED_MESSAGES"))) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertThat(names).hasSize(2).allMatch(n -> n.startsWith("encrypted_message_from_t_consumed_on_"));
    }
  }

  @Test
  void aChunkRecordIsReassembledAndItsBufferIsNotCopied() throws Exception {
    byte[] content = "hello chunk".getBytes(StandardCharsets.UTF_8);
    DataFileChunk c = TestFiles.chunksOf(src, "x/y.txt", content, 1024, OptionalDouble.empty())
        .get(0);
    byte[] wire = new byte[ChunkEncoder.encode(c).length + 10];
    System.arraycopy(ChunkEncoder.encode(c), 0, wire, 5, wire.length - 10);
    RecordHandler.Handled h = handler.handle(origin(1, 1),
        new Opened.Readable(null, ByteBuffer.wrap(wire, 5, wire.length - 10).slice()));
    assertThat(h.pending()).isNull();
    assertThat(Files.readAllBytes(out.resolve("x/y.txt"))).isEqualTo(content);
    assertThat(stats.messagesProcessed.get()).isEqualTo(1);
  }

  @Test
  void downloadRegexIsPythonSyntaxMatchedAtTheStartOfTheOsPath() throws Exception {
    Pattern regex = DataFileDownloadDirectory.spec()
        .parse(out.toString(), "--download_regex", "(?P<run_dir>keep)/\\w+\\.txt$")
        .get(DataFileDownloadDirectory.DOWNLOAD_REGEX);
    RecordHandler filtered = new RecordHandler(out, reassembler,
        new RecordKeeper(out, ZoneId.of("UTC")), Optional.of(regex), stats);
    for (String rel : new String[] {"keep/ünï.txt", "drop/a.txt", "x/keep/a.txt"}) {
      DataFileChunk c = TestFiles.chunksOf(src, rel, new byte[] {7}, 1024, OptionalDouble.empty())
          .get(0);
      filtered.handle(origin(3, 1), new Opened.Readable(null, ByteBuffer.wrap(ChunkEncoder.encode(c))));
    }
    assertThat(out.resolve("keep/ünï.txt")).exists();
    assertThat(out.resolve("drop/a.txt")).doesNotExist();
    assertThat(out.resolve("x/keep/a.txt")).doesNotExist();
    assertThat(stats.messagesProcessed.get()).isEqualTo(1);
    // Python matches against the OS path: backslashes on Windows
    DataFileChunk nested = TestFiles.chunksOf(src, "a/b/c.txt", new byte[] {7}, 1024,
        OptionalDouble.empty()).get(0);
    assertThat(RecordHandler.regexSubject(nested, '\\')).isEqualTo("a\\b\\c.txt");
    assertThat(RecordHandler.regexSubject(nested, '/')).isEqualTo("a/b/c.txt");
  }

  /**
   * On Windows (and macOS) names differ from the reserved folders' only in case or trailing dots
   * and spaces would still reach them; every OS refuses them alike.
   */
  @Test
  void reservedFoldersAreRefusedInAnyCaseAndWithTrailingDots() throws Exception {
    for (String[] where : new String[][] {{"rejected_files", "x.txt"}, {"Encrypted_Messages.", "x"},
        {".MSISTREAM-DOWNLOAD/partial", "p.part"}, {"rejected_messages. .", "x"},
        {"", "rejected_files"}, {"", "REJECTED_FILES."}}) {
      DataFileChunk c = TestFiles.chunksOf(src, "z/name.txt", new byte[] {1}, 1024,
          OptionalDouble.empty()).get(0);
      DataFileChunk moved = new DataFileChunk(where[1], c.fileHash(), c.chunkHash(),
          c.chunkOffsetWrite(), c.chunkIndex(), c.totalChunks(), where[0], c.filenameAppend(),
          c.data(), c.mtime());
      handler.handle(origin(2, 1), new Opened.Readable(null, ByteBuffer.wrap(ChunkEncoder.encode(moved))));
    }
    assertThat(stats.rejected.get()).isEqualTo(6);
    assertThat(stats.messagesProcessed.get()).isZero();
    assertThat(RecordHandler.isReserved("REJECTED_FILES")).isTrue();
    assertThat(RecordHandler.isReserved("rejected_files_2024")).isFalse();
    assertThat(RecordHandler.isReserved("data")).isFalse();
  }
}
