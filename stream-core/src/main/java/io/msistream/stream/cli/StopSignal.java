package io.msistream.stream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-way "please stop" flag shared by a main loop and whatever asks it to stop (the {@code q}
 * command, a signal, a test). Loops wait on it instead of sleeping, so a stop is noticed at once.
 */
public final class StopSignal {
  private final CountDownLatch latch = new CountDownLatch(1);
  private final AtomicReference<String> reason = new AtomicReference<>();

  /** Requests a stop; the first reason wins. Returns true if this call requested it. */
  public boolean requestStop(String why) {
    if (reason.compareAndSet(null, why)) {
      latch.countDown();
      return true;
    }
    return false;
  }

  public boolean isStopRequested() {
    return latch.getCount() == 0;
  }

  /** Why the stop was requested ({@code "q"}, {@code "SIGTERM/SIGINT"}, ...), or null. */
  public String reason() {
    return reason.get();
  }

  /**
   * Waits up to {@code timeout} for a stop request.
   *
   * @return true if a stop was requested
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until a stop is requested. */
  public void await() throws InterruptedException {
    latch.await();
  }
}
