package io.msistream.stream.chunk;

import io.msistream.crypto.MalformedDataException;

/**
 * A chunk message value does not follow the DataFileChunk format (wrong shape, a field of the wrong
 * type or out of range, or data that does not match its chunk hash). {@link #field()} names the
 * offending field ({@code "chunk_hash"}, {@code "n_total_chunks"}, ... or {@code "message"} for the
 * whole value).
 */
public final class ChunkFormatException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public ChunkFormatException(String field, String message) {
    super("DataFileChunk " + field + ": " + message);
    this.field = field;
  }

  public ChunkFormatException(String field, String message, Throwable cause) {
    super("DataFileChunk " + field + ": " + message, cause);
    this.field = field;
  }

  /** The wire field name (as in the OpenMSIStream spec) the problem was found in. */
  public String field() {
    return field;
  }
}
