package io.msistream.tools.download;

import io.msistream.stream.chunk.ChunkDecoder;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.SafePaths;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

@EnabledIfSystemProperty(named = "msistream.bench", matches = "true")
/**
 * CPU cost of the downloader's own work per GiB (decode with chunk-hash check; write, whole-file
 * hash, fsync and placement), without Kafka, in 512 KiB chunks. Opt-in like
 * {@link DownloadBenchmarkTest}; prints, asserts nothing.
 */
class ReassemblyCostBenchmarkTest {
  @TempDir Path src;
  @TempDir Path out;

  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  @Test
  void costPerGiB() throws Exception {
    byte[] content = TestFiles.randomBytes(1, 16 << 20);
    List<DataFileChunk> chunks = TestFiles.chunksOf(src, "f.bin", content, 512 * 1024,
        OptionalDouble.empty());
    byte[][] wire = new byte[chunks.size()][];
    for (int i = 0; i < wire.length; i++) {
      wire[i] = ChunkEncoder.encode(chunks.get(i));
    }
    for (int round = 0; round < 3; round++) {
      long decode = 0;
      long accept = 0;
      try (WorkDir w = WorkDir.open(out.resolve("r" + round));
          Reassembler r = new Reassembler(w, new DownloadStats())) {
        for (int f = 0; f < 64; f++) {
          for (byte[] b : wire) {
            long t0 = cpu();
            DataFileChunk c = ChunkDecoder.decode(b);
            long t1 = cpu();
            Path target = SafePaths.resolve(w.outputDir(), "d" + f, c.filename(), "");
            r.accept(c, target);
            long t2 = cpu();
            decode += t1 - t0;
            accept += t2 - t1;
          }
        }
      }
      System.out.printf("BENCH round %d: decode (msgpack + chunk SHA-512) %.2f CPU-s/GiB, accept"
          + " (write + file SHA-512 + finish) %.2f CPU-s/GiB%n", round, decode / 1e9, accept / 1e9);
    }
    long t0 = cpu();
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-512");
    for (int i = 0; i < 2048; i++) {
      md.update(wire[i % wire.length], 100, 512 * 1024);
    }
    System.out.printf("BENCH plain SHA-512: %.2f CPU-s/GiB%n", (cpu() - t0) / 1e9);
    t0 = cpu();
    for (int i = 0; i < 2048; i++) {
      md.update(ByteBuffer.wrap(wire[i % wire.length], 100, 512 * 1024).asReadOnlyBuffer());
    }
    System.out.printf("BENCH read-only-buffer SHA-512: %.2f CPU-s/GiB%n", (cpu() - t0) / 1e9);
  }
}
