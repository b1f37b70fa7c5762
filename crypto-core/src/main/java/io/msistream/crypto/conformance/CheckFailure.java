package io.msistream.crypto.conformance;

/** A vector case did not hold; the message says what differed (never key bytes). */
final class CheckFailure extends Exception {
  private static final long serialVersionUID = 1L;

  CheckFailure(String message) {
    super(message);
  }
}
