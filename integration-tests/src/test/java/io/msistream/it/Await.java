package io.msistream.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes (never a fixed sleep to synchronise). */
final class Await {
  private static final long POLL_MS = 100;

  private Await() {}

  /**
   * Returns once {@code condition} is true; otherwise fails after {@code timeout} with
   * {@code what} and the {@code diagnostics} (e.g. the tools' last log lines). The condition may
   * itself throw an {@link AssertionError} to fail early.
   */
  static void until(String what, Duration timeout, BooleanSupplier condition,
      Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
            + what + "\n" + diagnostics.get());
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
