package io.msistream.tools.download;

/** What became of one chunk (upstream's status names, for parity of logs and counts). */
enum ChunkOutcome {
  /** Written; the file is not complete yet. */
  IN_PROGRESS,
  /** This chunk (or its whole file) is already there: nothing written. */
  ALREADY_WRITTEN,
  /** A chunk of an older generation than the one being (or last) reconstructed: skipped. */
  STALE,
  /** The file is complete, its hash matches, and it is at its final path. */
  FILE_COMPLETED,
  /** The file is complete but its hash does not match: its bytes were set aside. */
  HASH_MISMATCH,
  /** The file is complete and correct but cannot be put at its path: its bytes were set aside. */
  NOT_PLACED,
  /** The chunk contradicts its own generation (same file hash, other chunk count, bad offset). */
  INCONSISTENT
}
