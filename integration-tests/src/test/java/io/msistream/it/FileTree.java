package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A set of test files (relative POSIX path → content), generated from a seed, that can be written
 * into a folder and checked against a folder: every file byte-identical (SHA-256), nothing else
 * there but the tools' own folders.
 */
final class FileTree {
  private final Map<String, byte[]> files;

  private FileTree(Map<String, byte[]> files) {
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * About 3 MB in 16 files of 10 KB to 1 MB in nested folders, with an empty file and names with
   * spaces and non-ASCII characters.
   */
  static FileTree standard(long seed) {
    Random r = new Random(seed);
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("empty file.dat", new byte[0]);
    m.put("top.bin", bytes(r, 10_000));
    m.put("one MiB.bin", bytes(r, 1 << 20));
    m.put("with space/file with spaces.bin", bytes(r, 150_000));
    m.put("données/été ü 日本.txt", bytes(r, 40_000));
    m.put("a/b/c/deep.bin", bytes(r, 300_000));
    for (int i = 0; i < 10; i++) {
      m.put("raw/run" + (i % 3) + "/scan_" + i + ".dat", bytes(r, 10_000 + r.nextInt(250_000)));
    }
    return new FileTree(m);
  }

  /** Seven files of at most 50 KB (one chunk each with chunks of 64 KiB or more). */
  static FileTree small(long seed) {
    Random r = new Random(seed);
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("empty.dat", new byte[0]);
    m.put("ä ö/ü ß.bin", bytes(r, 20_000));
    m.put("x/y/z.bin", bytes(r, 12_345));
    m.put("raw/run 1/scan_1.dat", bytes(r, 30_000));
    m.put("raw/run 1/scan_2.dat", bytes(r, 50_000));
    m.put("notes.txt", bytes(r, 10_000));
    m.put("big.bin", bytes(r, 40_000));
    return new FileTree(m);
  }

  /** Files with these contents (tests that build their own set). */
  static FileTree of(Map<String, byte[]> files) {
    return new FileTree(files);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  Set<String> paths() {
    return files.keySet();
  }

  byte[] content(String rel) {
    return files.get(rel);
  }

  int size() {
    return files.size();
  }

  long totalBytes() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }

  /** The files whose path matches. */
  FileTree filter(Predicate<String> keep) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    files.forEach((k, v) -> {
      if (keep.test(k)) {
        m.put(k, v);
      }
    });
    return new FileTree(m);
  }

  /** Records an upload in {@code chunkSize} chunks makes (an empty file is one empty chunk). */
  int chunkCount(int chunkSize) {
    int n = 0;
    for (byte[] b : files.values()) {
      n += Math.max(1, (b.length + chunkSize - 1) / chunkSize);
    }
    return n;
  }

  /**
   * Writes every file under {@code root}, each to a hidden temporary name first and then renamed
   * into place, so a watching uploader never sees a half-written file.
   */
  void writeTo(Path root) {
    try {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path target = root.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".writing-" + target.getFileName());
        Files.write(tmp, e.getValue());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many of the files are in {@code dir} with their full size (the downloader places files
   * only complete and verified, so this is its progress). */
  int presentIn(Path dir) {
    int n = 0;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      try {
        if (Files.size(dir.resolve(e.getKey())) == e.getValue().length) {
          n++;
        }
      } catch (IOException missing) {
        // not there yet
      }
    }
    return n;
  }

  /**
   * Asserts that {@code dir} holds exactly these files, byte-identical, and besides them only the
   * top-level folders named in {@code toolFolders}.
   */
  void assertExactlyIn(Path dir, Set<String> toolFolders) {
    Map<String, String> expected = new TreeMap<>();
    files.forEach((k, v) -> expected.put(k, sha256(v)));
    Map<String, String> actual = new TreeMap<>();
    for (Path f : regularFiles(dir, toolFolders)) {
      String rel = posix(dir.relativize(f));
      try {
        actual.put(rel, sha256(Files.readAllBytes(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(actual).as("files in %s (SHA-256), besides the tool folders %s", dir, toolFolders)
        .containsExactlyEntriesOf(expected);
    assertThat(topLevelFolders(dir)).as("top-level folders of %s", dir)
        .isSubsetOf(union(toolFolders, topFoldersOfTree()));
  }

  /**
   * The first file of this tree that has its first {@code n} bytes somewhere in {@code data}
   * (files shorter than {@code n} are not looked for), or null: data in clear.
   */
  String firstFileShownIn(byte[] data, int n) {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] c = e.getValue();
      if (c.length >= n && indexOf(data, c, n) >= 0) {
        return e.getKey();
      }
    }
    return null;
  }

  private static int indexOf(byte[] hay, byte[] needle, int n) {
    outer:
    for (int i = 0; i + n <= hay.length; i++) {
      for (int j = 0; j < n; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * SHA-256, modification time and file key (inode) of each file in {@code dir}, to show later
   * that they were neither changed nor replaced.
   */
  Map<String, String> fingerprint(Path dir) {
    Map<String, String> m = new TreeMap<>();
    for (String rel : files.keySet()) {
      Path f = dir.resolve(rel);
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        m.put(rel, sha256(Files.readAllBytes(f)) + " mtime " + a.lastModifiedTime().toMillis()
            + " key " + a.fileKey());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return m;
  }

  private Set<String> topFoldersOfTree() {
    Set<String> s = new TreeSet<>();
    for (String rel : files.keySet()) {
      int i = rel.indexOf('/');
      if (i > 0) {
        s.add(rel.substring(0, i));
      }
    }
    return s;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private static Set<String> topLevelFolders(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> out = new TreeSet<>();
      s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Regular files under {@code dir}, outside the top-level {@code skip} folders. */
  static List<Path> regularFiles(Path dir, Set<String> skip) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir))
          .filter(p -> !skip.contains(dir.relativize(p).getName(0).toString()))
          .filter(p -> !Files.isDirectory(p))
          .sorted()
          .toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String posix(Path rel) {
    StringBuilder b = new StringBuilder();
    for (Path part : rel) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(part);
    }
    return b.toString();
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
