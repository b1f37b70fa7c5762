package io.msistream.stream.chunk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A chunk read back from its file no longer matches what was planned (different bytes, or the file
 * got shorter): the file changed after it was chunked. The uploader should plan the file again (a
 * new generation) rather than send stale hashes.
 */
public final class FileChangedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int chunkIndex;

  public FileChangedException(Path file, int chunkIndex, String what) {
    super(file + ": chunk " + chunkIndex + " " + what + " since the file was chunked");
    this.file = file;
    this.chunkIndex = chunkIndex;
  }

  public Path file() {
    return file;
  }

  public int chunkIndex() {
    return chunkIndex;
  }
}
