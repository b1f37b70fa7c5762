package io.msistream.crypto.conformance;

import java.util.Arrays;
import java.util.Objects;

/** Comparisons for vector cases: each throws {@link CheckFailure} naming what differed. */
final class Check {
  private Check() {}

  /** A piece of a case that may throw anything; see {@link #raises}. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  static void that(boolean ok, String what) throws CheckFailure {
    if (!ok) {
      throw new CheckFailure(what);
    }
  }

  /** Equal values; both are printed on failure, so never pass secrets here (use {@link #bytes}). */
  static void equal(String what, Object expected, Object actual) throws CheckFailure {
    if (!Objects.equals(expected, actual)) {
      throw new CheckFailure(what + ": expected " + expected + ", got " + actual);
    }
  }

  /** Equal bytes; a failure gives the lengths and the first differing offset, never the bytes. */
  static void bytes(String what, byte[] expected, byte[] actual) throws CheckFailure {
    if (actual == null) {
      throw new CheckFailure(what + ": expected " + expected.length + " bytes, got none");
    }
    int at = Arrays.mismatch(expected, actual);
    if (at >= 0) {
      throw new CheckFailure(what + " differs: expected " + expected.length + " bytes, got "
          + actual.length + ", first difference at byte " + at);
    }
  }

  static <T> T instance(Class<T> type, Object actual, String what) throws CheckFailure {
    if (!type.isInstance(actual)) {
      throw new CheckFailure(what + ": expected " + type.getSimpleName() + ", got " + actual);
    }
    return type.cast(actual);
  }

  /** Runs {@code body}, which must throw a {@code type}; returns it. */
  static <E extends Exception> E raises(Class<E> type, Body body, String what) throws CheckFailure {
    try {
      body.run();
    } catch (Exception e) {
      if (type.isInstance(e)) {
        return type.cast(e);
      }
      throw new CheckFailure(what + ": expected " + type.getSimpleName() + ", got " + describe(e));
    }
    throw new CheckFailure(what + ": expected " + type.getSimpleName() + ", got no error");
  }

  /** An exception as {@code Class: message}; a check failure as its message. */
  static String describe(Throwable e) {
    if (e instanceof CheckFailure) {
      return e.getMessage();
    }
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
