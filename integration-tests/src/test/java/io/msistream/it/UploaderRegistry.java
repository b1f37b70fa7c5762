package io.msistream.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the uploader's restart state in {@code <upload dir>/LOGS/} (OpenMSIStream's files and
 * columns, {@code ;}-separated, a header line): {@code upload_to_<topic>_in_progress.csv}
 * (filename, rel_filepath, n_chunks, n_chunks_delivered, ...) and
 * {@code uploaded_to_<topic>.csv} (filename, rel_filepath, n_chunks, started, completed).
 */
final class UploaderRegistry {
  private UploaderRegistry() {}

  static Path inProgressFile(Path uploadDir, String topic) {
    return uploadDir.resolve("LOGS").resolve("upload_to_" + topic + "_in_progress.csv");
  }

  static Path uploadedFile(Path uploadDir, String topic) {
    return uploadDir.resolve("LOGS").resolve("uploaded_to_" + topic + ".csv");
  }

  /** The data rows of a registry file (none if it does not exist). */
  static List<String> rows(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return lines.subList(Math.min(1, lines.size()), lines.size()).stream()
          .filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The relative paths ({@code rel_filepath}) in {@code uploaded_to_<topic>.csv}, in order. */
  static List<String> uploadedPaths(Path uploadDir, String topic) {
    return rows(uploadedFile(uploadDir, topic)).stream().map(r -> unquote(r.split(";")[1]))
        .toList();
  }

  /** A Python {@code repr} string cell without escapes: {@code 'a b'} → {@code a b}. */
  private static String unquote(String cell) {
    String c = cell.strip();
    return c.length() >= 2 && c.startsWith("'") && c.endsWith("'") ? c.substring(1, c.length() - 1)
        : c;
  }

  /** Files recorded with some but not all of their chunks delivered (0 if there is no file). */
  static int partlyDelivered(Path uploadDir, String topic) {
    int n = 0; // no file yet, or being replaced: none
    for (String line : rows(inProgressFile(uploadDir, topic))) {
      String[] cells = line.split(";");
      if (cells.length < 4) {
        continue;
      }
      try {
        int total = Integer.parseInt(cells[2].strip());
        int delivered = Integer.parseInt(cells[3].strip());
        if (delivered > 0 && delivered < total) {
          n++;
        }
      } catch (NumberFormatException e) {
        // a name with ';' would be quoted and shift the cells: not in these trees
      }
    }
    return n;
  }
}
