package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {
  @Test
  void blocksUntilReleased() throws Exception {
    ByteBudget b = new ByteBudget(100);
    assertThat(b.acquire(60)).isEqualTo(60);
    CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
      try {
        return b.acquire(60);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    assertThat(second).isNotDone();
    assertThat(b.used()).isEqualTo(60);
    b.release(60);
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(60);
    assertThat(b.used()).isEqualTo(60);
  }

  @Test
  void aChunkLargerThanTheBudgetGoesAlone() throws Exception {
    ByteBudget b = new ByteBudget(100);
    long got = b.acquire(500);
    assertThat(got).isEqualTo(100);
    b.release(got);
    assertThat(b.used()).isZero();
  }

  @Test
  void closeWakesWaiters() throws Exception {
    ByteBudget b = new ByteBudget(10);
    b.acquire(10);
    CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return b.acquire(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    b.close();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
    assertThat(b.acquire(1)).isEqualTo(-1);
  }
}
