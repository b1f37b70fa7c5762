package io.msistream.tools.upload;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One row of {@code uploaded_to_<topic>.csv}: a completed upload of a file (a file uploaded
 * several times has several rows).
 *
 * @param filename the file's base name
 * @param relPath its path relative to the watched directory (OS separators)
 * @param nChunks number of chunks
 * @param started when the upload started, local time, seconds
 * @param completed when its last chunk was acknowledged
 */
record UploadedRow(String filename, String relPath, int nChunks, LocalDateTime started,
    LocalDateTime completed) {
  static final List<String> COLUMNS = List.of("filename", "rel_filepath", "n_chunks", "started",
      "completed");

  List<String> cells() {
    return List.of(PyRepr.str(filename), PyRepr.str(relPath), Integer.toString(nChunks),
        PyRepr.timestamp(started), PyRepr.timestamp(completed));
  }
}
