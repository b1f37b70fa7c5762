package io.msistream.tools.reproduce;

import io.msistream.stream.chunk.EncryptedMessageNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The saved undecryptable messages in an {@code ENCRYPTED_MESSAGES} folder (spec §7.6): key/value
 * file pairs in the order they were saved (key file modification time, then name), and every file
 * that cannot be re-sent with the reason.
 */
record SavedMessages(List<Pair> pairs, List<Skipped> skipped) {

  /** One saved record: the topic parsed from the name and its two files. */
  record Pair(String topic, Path keyFile, Path valueFile) {}

  /** A file that will not be sent, and why. */
  record Skipped(Path file, String reason) {}

  /**
   * Scans {@code dir} (not recursively; hidden files ignored). Never modifies or deletes anything.
   */
  static SavedMessages scan(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
    List<Pair> pairs = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    Set<Path> paired = new HashSet<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (!name.endsWith(EncryptedMessageNames.KEY_SUFFIX)) {
        continue;
      }
      Optional<EncryptedMessageNames.Parsed> parsed = EncryptedMessageNames.parse(name);
      if (parsed.isEmpty()) {
        skipped.add(new Skipped(f, "name not recognized as a saved message (no topic found)"));
        continue;
      }
      Path value = f.resolveSibling(parsed.get().valueFile());
      if (!Files.isRegularFile(value)) {
        skipped.add(new Skipped(f, "key file without its value file " + value.getFileName()));
        continue;
      }
      pairs.add(new Pair(parsed.get().topic(), f, value));
      paired.add(value);
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (paired.contains(f) || name.endsWith(EncryptedMessageNames.KEY_SUFFIX)) {
        continue;
      }
      if (name.endsWith(EncryptedMessageNames.VALUE_SUFFIX)) {
        skipped.add(new Skipped(f, "value file without its key file"));
      } else {
        skipped.add(new Skipped(f, "not a saved message file"));
      }
    }
    pairs.sort(Comparator.comparing((Pair p) -> mtime(p.keyFile()))
        .thenComparing(p -> p.keyFile().getFileName().toString()));
    skipped.sort(Comparator.comparing(s -> s.file().getFileName().toString()));
    return new SavedMessages(List.copyOf(pairs), List.copyOf(skipped));
  }

  private static FileTime mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(Long.MAX_VALUE); // vanished: sorts last, fails when read
    }
  }
}
