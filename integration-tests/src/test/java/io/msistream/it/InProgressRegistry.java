package io.msistream.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the uploader's restart state {@code <upload dir>/LOGS/upload_to_<topic>_in_progress.csv}
 * (OpenMSIStream's columns, {@code ;}-separated: filename, rel_filepath, n_chunks,
 * n_chunks_delivered, ...), enough to tell that an upload was interrupted midway.
 */
final class InProgressRegistry {
  private InProgressRegistry() {}

  static Path file(Path uploadDir, String topic) {
    return uploadDir.resolve("LOGS").resolve("upload_to_" + topic + "_in_progress.csv");
  }

  /** Files recorded with some but not all of their chunks delivered (0 if there is no file). */
  static int partlyDelivered(Path uploadDir, String topic) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file(uploadDir, topic), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return 0; // not written yet, or being replaced
    }
    int n = 0;
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
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
