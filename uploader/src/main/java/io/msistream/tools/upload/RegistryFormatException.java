package io.msistream.tools.upload;

/** A registry CSV line or cell cannot be read; the message names the value, the caller the file. */
final class RegistryFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  RegistryFormatException(String message) {
    super(message);
  }
}
