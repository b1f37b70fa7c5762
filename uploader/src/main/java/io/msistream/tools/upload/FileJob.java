package io.msistream.tools.upload;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.Objects;

/**
 * A file to upload.
 *
 * @param file the file, absolute
 * @param relPath its path relative to the upload root, OS separators (registry key)
 * @param resume what a previous run delivered, or null for a fresh upload
 */
record FileJob(Path file, String relPath, Resume resume) {
  FileJob {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(relPath, "relPath");
  }

  static FileJob fresh(Path file, String relPath) {
    return new FileJob(file, relPath, null);
  }

  /**
   * A previous run's partial upload (from the in-progress registry).
   *
   * @param started when that generation started (local time, seconds)
   * @param nChunks its chunk count
   * @param delivered its acknowledged chunk numbers
   */
  record Resume(LocalDateTime started, int nChunks, BitSet delivered) {
    Resume {
      delivered = (BitSet) delivered.clone();
    }

    @Override
    public BitSet delivered() {
      return (BitSet) delivered.clone();
    }
  }
}
