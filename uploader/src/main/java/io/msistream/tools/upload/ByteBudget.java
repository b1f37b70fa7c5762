package io.msistream.tools.upload;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes of chunk data read from files but not yet acknowledged by the broker
 * ({@code --queue_max_size}). A chunk larger than the whole budget is admitted alone.
 */
final class ByteBudget {
  private final long capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private long used;
  private boolean closed;

  ByteBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0");
    }
    this.capacity = capacity;
  }

  long capacity() {
    return capacity;
  }

  /** Bytes currently held. */
  long used() {
    lock.lock();
    try {
      return used;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code n} bytes fit, then takes them.
   *
   * @return the amount taken (pass it to {@link #release}), or -1 if {@link #close()} was called
   */
  long acquire(long n) throws InterruptedException {
    long take = Math.min(n, capacity);
    lock.lock();
    try {
      while (!closed && used + take > capacity) {
        freed.await();
      }
      if (closed) {
        return -1;
      }
      used += take;
      return take;
    } finally {
      lock.unlock();
    }
  }

  void release(long taken) {
    if (taken <= 0) {
      return;
    }
    lock.lock();
    try {
      used -= taken;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter; later acquires fail. Releases still count. */
  void close() {
    lock.lock();
    try {
      closed = true;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
