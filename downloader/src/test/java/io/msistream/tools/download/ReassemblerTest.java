package io.msistream.tools.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.SafePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReassemblerTest {
  private static final int CHUNK = 1024;

  @TempDir Path src;
  @TempDir Path out;

  private final List<AutoCloseable> open = new ArrayList<>();
  private DownloadStats stats;
  private Reassembler r;

  @BeforeEach
  void setUp() throws IOException {
    stats = new DownloadStats();
    r = newReassembler(stats);
  }

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private Reassembler newReassembler(DownloadStats s) throws IOException {
    WorkDir w = WorkDir.open(out);
    Reassembler re = new Reassembler(w, s);
    open.add(w);
    open.add(re);
    return re;
  }

  private Reassembler.Accepted accept(Reassembler re, DataFileChunk c) throws Exception {
    return re.accept(c, SafePaths.resolve(out, c));
  }

  private List<DataFileChunk> file(String rel, byte[] content, OptionalDouble mtime) {
    return TestFiles.chunksOf(src, rel, content, CHUNK, mtime);
  }

  private static OptionalDouble mtime(double t) {
    return OptionalDouble.of(t);
  }

  @Test
  void outOfOrderAndDuplicateChunksRebuildTheFileOnlyWhenComplete() throws Exception {
    byte[] content = TestFiles.randomBytes(1, 10 * CHUNK + 17);
    List<DataFileChunk> chunks = new ArrayList<>(file("a/b/data.bin", content, mtime(1e9)));
    Collections.shuffle(chunks, new Random(7));
    Path target = out.resolve("a/b/data.bin");
    int written = 0;
    for (int i = 0; i < chunks.size(); i++) {
      DataFileChunk c = chunks.get(i);
      Reassembler.Accepted a = accept(r, c);
      if (i < chunks.size() - 1) {
        assertThat(a.outcome()).isEqualTo(ChunkOutcome.IN_PROGRESS);
        assertThat(target).doesNotExist();
        assertThat(accept(r, c).outcome()).isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
      } else {
        assertThat(a.outcome()).isEqualTo(ChunkOutcome.FILE_COMPLETED);
      }
      written += a.bytesWritten();
    }
    assertThat(written).isEqualTo(content.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(stats.filesCompleted.get()).isEqualTo(1);
    assertThat(r.inProgress()).isZero();
    // the work folder holds no partial file any more
    try (Stream<Path> s = Files.list(out.resolve(WorkDir.NAME).resolve("partial"))) {
      assertThat(s.toList()).isEmpty();
    }
    // a late duplicate is recognised from the completion marker, not started again
    assertThat(accept(r, chunks.get(0)).outcome()).isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
    assertThat(r.inProgress()).isZero();
  }

  @Test
  void inOrderChunksNeverNeedTheFileReadBack() throws Exception {
    byte[] content = TestFiles.randomBytes(2, 5 * CHUNK);
    List<DataFileChunk> chunks = file("seq.bin", content, mtime(1e9));
    for (DataFileChunk c : chunks) {
      accept(r, c);
    }
    assertThat(Files.readAllBytes(out.resolve("seq.bin"))).isEqualTo(content);
  }

  @Test
  void anExistingLongerFileIsReplacedNotOverwrittenInPlace() throws Exception {
    Files.write(out.resolve("x.dat"), TestFiles.randomBytes(3, 50 * CHUNK));
    byte[] content = TestFiles.randomBytes(4, 3 * CHUNK);
    for (DataFileChunk c : file("x.dat", content, mtime(1e9))) {
      accept(r, c);
    }
    assertThat(Files.readAllBytes(out.resolve("x.dat"))).isEqualTo(content);
  }

  @Test
  void aNewerGenerationWithMoreChunksResetsAndTheTriggeringChunkIsWritten() throws Exception {
    byte[] v1 = TestFiles.randomBytes(5, 4 * CHUNK);
    byte[] v2 = TestFiles.randomBytes(6, 6 * CHUNK);
    List<DataFileChunk> g1 = file("g.bin", v1, mtime(100));
    List<DataFileChunk> g2 = file("g.bin", v2, mtime(200));
    accept(r, g1.get(0));
    accept(r, g1.get(1));
    // the first chunk of generation 2 resets; it must not be lost
    Reassembler.Accepted reset = accept(r, g2.get(3));
    assertThat(reset.generationReset()).isTrue();
    assertThat(reset.outcome()).isEqualTo(ChunkOutcome.IN_PROGRESS);
    assertThat(reset.bytesWritten()).isEqualTo(CHUNK);
    // late chunks of generation 1 are stale now
    assertThat(accept(r, g1.get(2)).outcome()).isEqualTo(ChunkOutcome.STALE);
    for (int i = 0; i < g2.size(); i++) {
      if (i != 3) {
        accept(r, g2.get(i));
      }
    }
    assertThat(Files.readAllBytes(out.resolve("g.bin"))).isEqualTo(v2);
    // generation 1 arriving in full afterwards does not replace the newer file
    for (DataFileChunk c : g1) {
      assertThat(accept(r, c).outcome()).isEqualTo(ChunkOutcome.STALE);
    }
    assertThat(Files.readAllBytes(out.resolve("g.bin"))).isEqualTo(v2);
  }

  @Test
  void fewerChunksIsStaleAndEqualCountDependsOnMtime() throws Exception {
    byte[] big = TestFiles.randomBytes(7, 6 * CHUNK);
    byte[] small = TestFiles.randomBytes(8, 3 * CHUNK);
    List<DataFileChunk> gBig = file("m.bin", big, mtime(100));
    List<DataFileChunk> gSmall = file("m.bin", small, mtime(300));
    accept(r, gBig.get(0));
    assertThat(accept(r, gSmall.get(0)).outcome()).isEqualTo(ChunkOutcome.STALE);

    byte[] same1 = TestFiles.randomBytes(9, 2 * CHUNK);
    byte[] same2 = TestFiles.randomBytes(10, 2 * CHUNK);
    byte[] same3 = TestFiles.randomBytes(11, 2 * CHUNK);
    List<DataFileChunk> e1 = file("e.bin", same1, mtime(100));
    List<DataFileChunk> e2 = file("e.bin", same2, mtime(200));
    List<DataFileChunk> e0 = file("e.bin", same3, mtime(50));
    List<DataFileChunk> eNone = file("e.bin", same3, OptionalDouble.empty());
    accept(r, e1.get(0));
    assertThat(accept(r, e0.get(0)).outcome()).isEqualTo(ChunkOutcome.STALE); // older
    assertThat(accept(r, eNone.get(0)).outcome()).isEqualTo(ChunkOutcome.STALE); // unknown
    Reassembler.Accepted newer = accept(r, e2.get(1));
    assertThat(newer.generationReset()).isTrue();
    assertThat(accept(r, e2.get(0)).outcome()).isEqualTo(ChunkOutcome.FILE_COMPLETED);
    assertThat(Files.readAllBytes(out.resolve("e.bin"))).isEqualTo(same2);
  }

  @Test
  void aFileUploadedAgainWithOtherContentIsReconstructedAgain() throws Exception {
    byte[] v1 = TestFiles.randomBytes(12, 3 * CHUNK);
    byte[] v2 = TestFiles.randomBytes(13, 3 * CHUNK);
    for (DataFileChunk c : file("again.bin", v1, OptionalDouble.empty())) {
      accept(r, c);
    }
    assertThat(Files.readAllBytes(out.resolve("again.bin"))).isEqualTo(v1);
    for (DataFileChunk c : file("again.bin", v2, OptionalDouble.empty())) {
      accept(r, c);
    }
    assertThat(Files.readAllBytes(out.resolve("again.bin"))).isEqualTo(v2);
    assertThat(stats.filesCompleted.get()).isEqualTo(2);
  }

  @Test
  void aLateChunkOfTheCompletedGenerationDoesNotResetANewerOne() throws Exception {
    byte[] v1 = TestFiles.randomBytes(14, 5 * CHUNK);
    byte[] v2 = TestFiles.randomBytes(15, 2 * CHUNK);
    List<DataFileChunk> g1 = file("late.bin", v1, mtime(100));
    List<DataFileChunk> g2 = file("late.bin", v2, mtime(200));
    for (DataFileChunk c : g1) {
      accept(r, c);
    }
    accept(r, g2.get(0));
    assertThat(accept(r, g1.get(4)).outcome()).isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
    assertThat(accept(r, g2.get(1)).outcome()).isEqualTo(ChunkOutcome.FILE_COMPLETED);
    assertThat(Files.readAllBytes(out.resolve("late.bin"))).isEqualTo(v2);
  }

  @Test
  void sameHashWithAnotherChunkCountIsInconsistent() throws Exception {
    byte[] content = TestFiles.randomBytes(16, 3 * CHUNK);
    List<DataFileChunk> g = file("c.bin", content, mtime(1));
    accept(r, g.get(0));
    DataFileChunk c = g.get(1);
    DataFileChunk liar = DataFileChunk.of(c.filename(), c.fileHash(), c.chunkHash(),
        c.chunkOffsetWrite(), 2, 7, c.subdir(), c.filenameAppend(), c.dataBytes(), 0,
        c.dataLength(), c.mtime());
    assertThat(accept(r, liar).outcome()).isEqualTo(ChunkOutcome.INCONSISTENT);
  }

  @Test
  void aHashMismatchSetsTheBytesAsideAndNeverAtTheFinalName() throws Exception {
    byte[] content = TestFiles.randomBytes(17, 2 * CHUNK);
    List<DataFileChunk> g = file("d/bad.bin", content, mtime(1));
    byte[] wrongFileHash = g.get(0).fileHash();
    wrongFileHash[0] ^= 1;
    Reassembler.Accepted last = null;
    try (CapturedLog log = new CapturedLog(Reassembler.class)) {
      for (DataFileChunk c : g) {
        last = accept(r, DataFileChunk.of(c.filename(), wrongFileHash, c.chunkHash(),
            c.chunkOffsetWrite(), c.chunkIndex(), c.totalChunks(), c.subdir(),
            c.filenameAppend(), c.dataBytes(), 0, c.dataLength(), c.mtime()));
      }
      assertThat(log.warnings()).singleElement().asString().contains("not matched")
          .contains("bad.bin");
    }
    assertThat(last.outcome()).isEqualTo(ChunkOutcome.HASH_MISMATCH);
    assertThat(out.resolve("d/bad.bin")).doesNotExist();
    Path aside = out.resolve(Reassembler.REJECTED_FILES).resolve("d/bad.bin");
    assertThat(Files.readAllBytes(aside)).isEqualTo(content);
    assertThat(stats.filesSetAside.get()).isEqualTo(1);
  }

  @Test
  void aFileThatCannotBePlacedIsSetAside() throws Exception {
    Files.createDirectories(out.resolve("busy.bin"));
    Files.write(out.resolve("busy.bin").resolve("inside"), new byte[] {1});
    byte[] content = TestFiles.randomBytes(30, 2 * CHUNK);
    Reassembler.Accepted last = null;
    for (DataFileChunk c : file("busy.bin", content, mtime(1))) {
      last = accept(r, c);
    }
    assertThat(last.outcome()).isEqualTo(ChunkOutcome.NOT_PLACED);
    assertThat(out.resolve("busy.bin")).isDirectory();
    assertThat(Files.readAllBytes(out.resolve(Reassembler.REJECTED_FILES).resolve("busy.bin")))
        .isEqualTo(content);
    assertThat(stats.filesSetAside.get()).isEqualTo(1);
  }

  @Test
  void durableProgressLetsANewInstanceFinishTheFile() throws Exception {
    byte[] content = TestFiles.randomBytes(18, 8 * CHUNK + 5);
    List<DataFileChunk> g = file("resume/r.bin", content, mtime(1));
    Reassembler.Accepted last = null;
    for (int i = 0; i < 5; i++) {
      last = accept(r, g.get(i));
    }
    r.makeDurable(last.pending(), last.version());
    // chunk 6 is written but not made durable: a crash would lose it (its offset is uncommitted)
    accept(r, g.get(5));
    r.close();

    DownloadStats s2 = new DownloadStats();
    Reassembler r2 = newReassembler(s2);
    assertThat(r2.recover()).isEqualTo(1);
    assertThat(r2.inProgress()).isEqualTo(1);
    // redelivered chunks after the last committed one
    for (int i = 5; i < g.size(); i++) {
      accept(r2, g.get(i));
    }
    assertThat(Files.readAllBytes(out.resolve("resume/r.bin"))).isEqualTo(content);
    assertThat(s2.filesCompleted.get()).isEqualTo(1);
  }

  /**
   * The state a downloader killed between placing a file and writing its done marker leaves: the
   * file in place, its progress record still in the work folder, no part file, no done marker.
   */
  private Path placedButNotRecorded(String rel, List<DataFileChunk> g) throws Exception {
    Reassembler.Accepted a = null;
    for (int i = 0; i < g.size() - 1; i++) {
      a = accept(r, g.get(i));
    }
    r.makeDurable(a.pending(), a.version());
    Path partial = out.resolve(WorkDir.NAME).resolve("partial");
    Path progress;
    try (Stream<Path> s = Files.list(partial)) {
      progress = s.filter(p -> p.toString().endsWith(".progress")).findFirst().orElseThrow();
    }
    byte[] record = Files.readAllBytes(progress);
    assertThat(accept(r, g.get(g.size() - 1)).outcome()).isEqualTo(ChunkOutcome.FILE_COMPLETED);
    Files.write(progress, record);
    try (Stream<Path> s = Files.walk(out.resolve(WorkDir.NAME).resolve("done"))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Files.delete(f);
      }
    }
    return out.resolve(rel);
  }

  private List<Path> partialFiles() throws IOException {
    try (Stream<Path> s = Files.list(out.resolve(WorkDir.NAME).resolve("partial"))) {
      return s.toList();
    }
  }

  /**
   * Killed after placing a file and before its done marker: the next instance finds the file in
   * place (same SHA-512 as the record), records it as done, and takes the chunks delivered again
   * (their offsets were not committed) as duplicates instead of starting a partial file that
   * could never complete (DownloaderRestartIT caught this under load).
   */
  @Test
  void aFilePlacedByAnInstanceKilledBeforeItsDoneMarkerIsRecordedAsDoneAtStart() throws Exception {
    byte[] content = TestFiles.randomBytes(23, 3 * CHUNK + 9);
    List<DataFileChunk> g = file("placed/p.bin", content, mtime(1));
    Path target = placedButNotRecorded("placed/p.bin", g);
    r.close();

    DownloadStats s2 = new DownloadStats();
    Reassembler r2 = newReassembler(s2);
    assertThat(r2.recover()).isZero();
    for (int i = 1; i < g.size(); i++) { // redelivered after the last committed chunk
      assertThat(accept(r2, g.get(i)).outcome()).as("chunk %d", i)
          .isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
    }
    assertThat(r2.inProgress()).isZero();
    assertThat(partialFiles()).isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(s2.filesCompleted.get()).isZero();
  }

  /** The same state met by a running instance (e.g. after a rebalance) when a chunk comes again. */
  @Test
  void aFilePlacedByAnInstanceKilledBeforeItsDoneMarkerIsADuplicateForARunningOne()
      throws Exception {
    byte[] content = TestFiles.randomBytes(24, 2 * CHUNK + 1);
    List<DataFileChunk> g = file("placed/q.bin", content, mtime(1));
    Path target = placedButNotRecorded("placed/q.bin", g);
    assertThat(accept(r, g.get(1)).outcome()).isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
    assertThat(partialFiles()).isEmpty();
    assertThat(accept(r, g.get(0)).outcome()).isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
    assertThat(r.inProgress()).isZero();
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
  }

  /**
   * A leftover record whose file is not in place (set aside, or replaced since) is dropped and
   * the chunk starts the generation again, as before.
   */
  @Test
  void aLeftoverRecordWhoseFileIsNotInPlaceStartsTheGenerationAgain() throws Exception {
    byte[] content = TestFiles.randomBytes(25, 2 * CHUNK + 1);
    List<DataFileChunk> g = file("placed/x.bin", content, mtime(1));
    Path target = placedButNotRecorded("placed/x.bin", g);
    Files.write(target, new byte[] {1, 2, 3}); // another program changed it since
    assertThat(accept(r, g.get(0)).outcome()).isEqualTo(ChunkOutcome.IN_PROGRESS);
    assertThat(accept(r, g.get(1)).outcome()).isEqualTo(ChunkOutcome.IN_PROGRESS);
    assertThat(accept(r, g.get(2)).outcome()).isEqualTo(ChunkOutcome.FILE_COMPLETED);
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(partialFiles()).isEmpty();
  }

  /**
   * A progress write cut short by SIGKILL leaves its temporary file ({@code *.<instance>.tmp}):
   * the next instance removes those of instances that no longer run, and leaves a running
   * instance's alone (it may be about to rename it).
   */
  @Test
  void temporaryFilesOfAKilledInstanceAreRemovedAtStart() throws Exception {
    byte[] content = TestFiles.randomBytes(21, 4 * CHUNK);
    List<DataFileChunk> g = file("killed.bin", content, mtime(1));
    Reassembler.Accepted a = accept(r, g.get(0));
    r.makeDurable(a.pending(), a.version());
    Path partial = out.resolve(".msistream-download").resolve("partial");
    Path progress;
    try (var files = Files.list(partial)) {
      progress = files.filter(f -> f.getFileName().toString().endsWith(".progress")).findFirst()
          .orElseThrow();
    }
    Path dead = progress.resolveSibling(progress.getFileName() + ".0123456789abcdef.tmp");
    Files.write(dead, new byte[] {1, 2});
    // a temporary file of the instance still running here (r's work folder is open)
    WorkDir live = WorkDir.open(out);
    open.add(live);
    Path alive = progress.resolveSibling(progress.getFileName() + "." + live.instanceId() + ".tmp");
    Files.write(alive, new byte[] {3});

    Reassembler r2 = newReassembler(new DownloadStats());
    r2.recover();
    assertThat(dead).doesNotExist();
    assertThat(alive).exists();
  }

  @Test
  void aRecordThatIsCompleteAtStartIsFinishedAtOnce() throws Exception {
    byte[] content = TestFiles.randomBytes(19, 3 * CHUNK);
    List<DataFileChunk> g = file("full.bin", content, mtime(1));
    Reassembler.Accepted a = null;
    for (int i = 0; i < 2; i++) {
      a = accept(r, g.get(i));
    }
    r.makeDurable(a.pending(), a.version());
    r.close();
    // another process appended the last chunk to the shared record and then died
    Path partial = out.resolve(WorkDir.NAME).resolve("partial");
    Path progress;
    try (Stream<Path> s = Files.list(partial)) {
      progress = s.filter(p -> p.toString().endsWith(".progress")).findFirst().orElseThrow();
    }
    Path part = Path.of(progress.toString().replace(".progress", ".part"));
    DataFileChunk c3 = g.get(2);
    try (var ch = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(c3.dataBytes()), c3.chunkOffsetWrite());
    }
    ProgressRecord rec = ProgressRecord.decode(Files.readAllBytes(progress));
    java.util.BitSet all = new java.util.BitSet();
    all.set(0, 3);
    Files.write(progress, rec.union(all).encode());

    DownloadStats s2 = new DownloadStats();
    Reassembler r2 = newReassembler(s2);
    r2.recover();
    assertThat(Files.readAllBytes(out.resolve("full.bin"))).isEqualTo(content);
    assertThat(s2.filesCompleted.get()).isEqualTo(1);
  }

  @Test
  void twoInstancesSharingTheOutputDirectoryCompleteOneFileTogether() throws Exception {
    byte[] content = TestFiles.randomBytes(20, 9 * CHUNK);
    List<DataFileChunk> g = file("shared.bin", content, mtime(1));
    DownloadStats s2 = new DownloadStats();
    Reassembler other = newReassembler(s2);
    Reassembler.Accepted mine = null;
    Reassembler.Accepted theirs = null;
    for (int i = 0; i < g.size(); i++) {
      if (i % 2 == 0) {
        mine = accept(r, g.get(i));
      } else {
        theirs = accept(other, g.get(i));
      }
    }
    assertThat(out.resolve("shared.bin")).doesNotExist();
    other.makeDurable(theirs.pending(), theirs.version());
    r.makeDurable(mine.pending(), mine.version());
    assertThat(Files.readAllBytes(out.resolve("shared.bin"))).isEqualTo(content);
    assertThat(stats.filesCompleted.get() + s2.filesCompleted.get()).isEqualTo(1);
    // the other instance learns at its next checkpoint or chunk that the file is done
    assertThat(accept(other, g.get(1)).outcome()).isEqualTo(ChunkOutcome.ALREADY_WRITTEN);
  }

  @Test
  void anEmptyFileSentAsOneEmptyChunkIsReconstructed() throws Exception {
    Path f = TestFiles.write(src, "empty.txt", new byte[0]);
    var plan = io.msistream.stream.chunk.ChunkPlanner.of(CHUNK).emptyFileAsOneChunk().plan(src, f);
    List<DataFileChunk> g = TestFiles.chunks(plan);
    assertThat(accept(r, g.get(0)).outcome()).isEqualTo(ChunkOutcome.FILE_COMPLETED);
    assertThat(out.resolve("empty.txt")).exists().isEmptyFile();
  }
}
