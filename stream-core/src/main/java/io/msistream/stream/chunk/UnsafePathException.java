package io.msistream.stream.chunk;

import io.msistream.crypto.MalformedDataException;

/**
 * A received {@code subdir_str}/{@code filename}/{@code filename_append} would write outside the
 * output directory or is not a plain relative path. The downloader logs and skips such messages.
 */
public final class UnsafePathException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  public UnsafePathException(String message) {
    super(message);
  }
}
