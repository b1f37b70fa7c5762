package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkPlannerTest {
  @TempDir Path dir;

  @Test
  void chunkBoundariesAndHashes() throws Exception {
    Random r = new Random(5);
    for (int size : new int[] {1, 1023, 1024, 1025, 4096, 5000}) {
      byte[] content = new byte[size];
      r.nextBytes(content);
      Path f = Files.write(dir.resolve("f" + size + ".bin"), content);
      ChunkPlan plan = ChunkPlanner.of(1024).plan(f);
      int expectedChunks = (size + 1023) / 1024;
      assertThat(plan.totalChunks()).isEqualTo(expectedChunks);
      assertThat(plan.size()).isEqualTo(size);
      assertThat(plan.fileHash()).isEqualTo(Sha512.of(content, 0, size));
      assertThat(plan.subdir()).isEmpty();
      for (ChunkDescriptor d : plan.chunks()) {
        int from = (d.index() - 1) * 1024;
        assertThat(d.offset()).isEqualTo(from);
        assertThat(d.length()).isEqualTo(Math.min(1024, size - from));
        assertThat(d.chunkHash()).isEqualTo(Sha512.of(content, from, d.length()));
        assertThat(ChunkReader.read(plan, d).dataBytes())
            .isEqualTo(Arrays.copyOfRange(content, from, from + d.length()));
      }
    }
  }

  @Test
  void chunksLargerThanTheReadBufferAreHashedWhole() throws Exception {
    byte[] content = new byte[(1 << 21) + 17];
    new Random(6).nextBytes(content);
    Path f = Files.write(dir.resolve("big"), content);
    ChunkPlan plan = ChunkPlanner.of(1 << 21).plan(f);
    assertThat(plan.totalChunks()).isEqualTo(2);
    assertThat(plan.chunk(1).chunkHash()).isEqualTo(Sha512.of(content, 0, 1 << 21));
    assertThat(plan.chunk(2).length()).isEqualTo(17);
  }

  @Test
  void mtimeIsCapturedLikePython() throws Exception {
    Path f = Files.write(dir.resolve("m"), new byte[] {1});
    Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1767225600L, 250_000_000)));
    assertThat(ChunkPlanner.of(1024).plan(f).mtime()).hasValue(1767225600.25);
    // sec + nsec * 1e-9 in double arithmetic, as CPython's st_mtime
    assertThat(ChunkPlanner.pythonMtime(FileTime.from(Instant.ofEpochSecond(1700000000L, 123456789))))
        .isEqualTo(1700000000L + 123456789 * 1e-9);
  }

  @Test
  void subdirIsThePosixParentRelativeToTheRoot() throws Exception {
    Path f = Files.createDirectories(dir.resolve("a/b c")).resolve("x.dat");
    Files.write(f, new byte[10]);
    ChunkPlan plan = ChunkPlanner.of(8).plan(dir, f);
    assertThat(plan.subdir()).isEqualTo("a/b c");
    assertThat(plan.filename()).isEqualTo("x.dat");
    assertThat(plan.messageKey(plan.chunk(2))).isEqualTo("a_b c_x.dat_chunk_2_of_2");
    assertThat(ChunkPlanner.subdirOf(dir, dir.resolve("top.dat"))).isEmpty();
    assertThatThrownBy(() -> ChunkPlanner.subdirOf(dir.resolve("a"), dir.resolve("top.dat")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunkSizeMustBeAPowerOfTwo() {
    for (int bad : new int[] {0, -1, 3, 1000, 524287, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> ChunkPlanner.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ChunkPlanner.of(ChunkPlanner.DEFAULT_CHUNK_SIZE).chunkSize()).isEqualTo(524288);
    assertThat(ChunkPlanner.isValidChunkSize(1)).isTrue();
  }

  @Test
  void readBackDetectsChangedAndShortenedFiles() throws Exception {
    byte[] content = new byte[3000];
    new Random(7).nextBytes(content);
    Path f = Files.write(dir.resolve("c"), content);
    ChunkPlan plan = ChunkPlanner.of(1024).plan(f);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(1500);
      raf.write(content[1500] + 1);
    }
    assertThat(ChunkReader.read(plan, plan.chunk(1)).dataLength()).isEqualTo(1024);
    assertThatThrownBy(() -> ChunkReader.read(plan, plan.chunk(2)))
        .isInstanceOfSatisfying(FileChangedException.class,
            e -> assertThat(e.chunkIndex()).isEqualTo(2))
        .hasMessageContaining("different bytes");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(2500);
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      assertThatThrownBy(() -> ChunkEncoder.encodeFromFile(ch, plan, plan.chunk(3),
          ChunkFormat.TEN_FIELDS)).isInstanceOf(FileChangedException.class)
          .hasMessageContaining("shorter");
    }
  }
}
