package io.msistream.kex.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a timeout (polling briefly), instead of sleeping and hoping. */
public final class Await {
  private Await() {}

  public static void until(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
