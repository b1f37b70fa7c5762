package io.msistream.kex;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the keys of {@linkplain CryptoMessage.Pending pending} messages and retries their
 * decryption, with OpenMSIStream's bounds (spec 9, openmsistream 11.2): up to
 * {@code max_initial_wait_per_decrypt} (60 s) per message until the first time a wait runs out,
 * {@code max_wait_per_decrypt} (5 s) afterwards; the switch never resets. Unlike OpenMSIStream's
 * 0.1 s polling, it wakes the moment the key arrives, and returns at once for messages that
 * waiting cannot help (never decryptable, or not decrypting under a key that is known).
 * Thread-safe.
 */
public final class DecryptionWaiter {
  /** OpenMSIStream's {@code --max_initial_wait_per_decrypt} default. */
  public static final Duration DEFAULT_INITIAL_WAIT = Duration.ofSeconds(60);
  /** OpenMSIStream's {@code --max_wait_per_decrypt} default. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final Duration initialWait;
  private final Duration wait;
  private volatile boolean timedOut;

  private DecryptionWaiter(Duration initialWait, Duration wait) {
    this.initialWait = Objects.requireNonNull(initialWait, "initialWait");
    this.wait = Objects.requireNonNull(wait, "wait");
  }

  /** A waiter with the default bounds (60 s, then 5 s). */
  public static DecryptionWaiter create() {
    return new DecryptionWaiter(DEFAULT_INITIAL_WAIT, DEFAULT_WAIT);
  }

  /** A waiter with these bounds. */
  public static DecryptionWaiter create(Duration initialWait, Duration wait) {
    return new DecryptionWaiter(initialWait, wait);
  }

  /** True once a wait ran out (later waits use the shorter bound). */
  public boolean hadTimeout() {
    return timedOut;
  }

  /**
   * The message decrypted if its key arrives in time, else the message as it is then (still
   * pending). Messages that are not pending are returned as they are.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public <T> CryptoMessage<T> await(CryptoMessage<T> message) throws InterruptedException {
    if (!(message instanceof CryptoMessage.Pending<T> p)) {
      return message;
    }
    CryptoMessage<T> again = p.retry();
    if (!(again instanceof CryptoMessage.Pending<T> still) || still.keyKnown()) {
      return again;
    }
    Duration bound = timedOut ? wait : initialWait;
    try {
      still.keyArrival().get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      timedOut = true;
    } catch (CancellationException | ExecutionException e) {
      return still; // the runtime closed
    }
    return still.retry();
  }
}
