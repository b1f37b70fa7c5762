package io.msistream.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Sample data trees: made from a seed, hashed, compared. */
final class FileTree {
  private FileTree() {}

  /**
   * Writes {@code files} files of pseudo-random bytes under {@code dir}, spread over a few
   * sub-folders, with sizes spread between {@code minBytes} and {@code maxBytes}; the first file is
   * empty and one name has spaces and non-ASCII letters when {@code oddNames}. Returns the bytes
   * written.
   */
  static long generate(Path dir, int files, long minBytes, long maxBytes, boolean oddNames,
      long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] buf = new byte[1 << 20];
    long total = 0;
    for (int i = 0; i < files; i++) {
      String sub = switch (i % 4) {
        case 0 -> "";
        case 1 -> "run1";
        case 2 -> "run1/scans";
        default -> "spectra";
      };
      String name = oddNames && i == 1 ? "sample été 1.dat" : String.format("file_%03d.bin", i);
      Path f = sub.isEmpty() ? dir.resolve(name) : dir.resolve(sub).resolve(name);
      long size = oddNames && i == 0 ? 0
          : files == 1 ? maxBytes : minBytes + (maxBytes - minBytes) * i / (files - 1);
      Files.createDirectories(f.getParent());
      try (OutputStream out = Files.newOutputStream(f)) {
        for (long w = 0; w < size; w += buf.length) {
          for (int k = 0; k < buf.length; k += 8) {
            long v = rnd.nextLong();
            for (int b = 0; b < 8; b++) {
              buf[k + b] = (byte) (v >>> (8 * b));
            }
          }
          out.write(buf, 0, (int) Math.min(buf.length, size - w));
        }
      }
      total += size;
    }
    return total;
  }

  /** Relative path (with '/') → SHA-256 hex of every regular file under {@code dir}, skipping {@code skipTopLevel}. */
  static Map<String, String> hashes(Path dir, List<String> skipTopLevel) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        Path rel = dir.relativize(f);
        if (skipTopLevel.contains(rel.getName(0).toString())) {
          continue;
        }
        StringBuilder key = new StringBuilder();
        for (Path part : rel) {
          key.append(key.length() == 0 ? "" : "/").append(part);
        }
        out.put(key.toString(), sha256(f));
      }
    }
    return out;
  }

  static long totalBytes(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      long total = 0;
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        total += Files.size(f);
      }
      return total;
    }
  }

  static long countFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  static String sha256(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
