package io.msistream.tools.upload;

import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;

/**
 * One row of {@code upload_to_<topic>_in_progress.csv}: a file with some chunks acknowledged and
 * some still to send. Chunk numbers are the 1-based {@code chunk_i} of the messages.
 *
 * @param filename the file's base name
 * @param relPath its path relative to the watched directory (OS separators)
 * @param nChunks number of chunks of this upload
 * @param started when this upload (generation) started, local time, seconds
 * @param delivered the acknowledged chunk numbers
 */
record InProgressRow(String filename, String relPath, int nChunks, LocalDateTime started,
    BitSet delivered) {
  static final List<String> COLUMNS = List.of("filename", "rel_filepath", "n_chunks",
      "n_chunks_delivered", "n_chunks_to_send", "started", "chunks_delivered", "chunks_to_send");

  InProgressRow {
    delivered = (BitSet) delivered.clone();
  }

  @Override
  public BitSet delivered() {
    return (BitSet) delivered.clone();
  }

  /** Chunk numbers 1..n not yet acknowledged. */
  BitSet toSend() {
    BitSet s = new BitSet(nChunks + 1);
    s.set(1, nChunks + 1);
    s.andNot(delivered);
    return s;
  }

  List<String> cells() {
    BitSet toSend = toSend();
    return List.of(PyRepr.str(filename), PyRepr.str(relPath), Integer.toString(nChunks),
        Integer.toString(delivered.cardinality()), Integer.toString(toSend.cardinality()),
        PyRepr.timestamp(started), PyRepr.intSet(delivered), PyRepr.intSet(toSend));
  }
}
