package io.msistream.tools.download;

import io.msistream.stream.chunk.ChunkDescriptor;
import io.msistream.stream.chunk.ChunkPlan;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.chunk.DataFileChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

/** Source files and their chunks for tests, made with stream-core's planner. */
final class TestFiles {
  private TestFiles() {}

  static byte[] randomBytes(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code content} at {@code root/rel} (parents created). */
  static Path write(Path root, String rel, byte[] content) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plan of {@code root/rel} with a pinned mtime (empty: unknown). */
  static ChunkPlan plan(Path root, String rel, int chunkSize, OptionalDouble mtime) {
    try {
      return ChunkPlanner.of(chunkSize).plan(root, root.resolve(rel)).withMtime(mtime);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every chunk of a plan, in order, with its data read from the planned file. */
  static List<DataFileChunk> chunks(ChunkPlan plan) {
    try {
      byte[] all = Files.readAllBytes(plan.file());
      List<DataFileChunk> out = new ArrayList<>();
      for (ChunkDescriptor d : plan.chunks()) {
        byte[] data = Arrays.copyOfRange(all, (int) d.offset(), (int) d.offset() + d.length());
        out.add(plan.toChunk(d, data));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code content} as {@code rel} under {@code srcRoot} and returns its chunks. */
  static List<DataFileChunk> chunksOf(Path srcRoot, String rel, byte[] content, int chunkSize,
      OptionalDouble mtime) {
    write(srcRoot, rel, content);
    return chunks(plan(srcRoot, rel, chunkSize, mtime));
  }
}
