package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaltCounterTest {

  @Test
  void countsLittleEndianWithCarryAcrossTheWholeWidth() {
    SaltCounter c = SaltCounter.startingAt(BigInteger.valueOf(255));
    assertThat(HexFormat.of().formatHex(c.next())).isEqualTo("ff000000000000000000000000000000");
    assertThat(HexFormat.of().formatHex(c.next())).isEqualTo("00010000000000000000000000000000");
    SaltCounter d = SaltCounter.startingAt(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    assertThat(HexFormat.of().formatHex(d.next())).isEqualTo("ffffffffffffffff0000000000000000");
    assertThat(HexFormat.of().formatHex(d.next())).isEqualTo("00000000000000000100000000000000");
    assertThat(SaltCounter.valueOf(HexFormat.of().parseHex("00000000000000000100000000000000")))
        .isEqualTo(BigInteger.ONE.shiftLeft(64));
    assertThat(SaltCounter.valueOf(new byte[] {(byte) 0xff})).isEqualTo(BigInteger.valueOf(255));
    assertThatThrownBy(() -> SaltCounter.startingAt(BigInteger.ONE.shiftLeft(128)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentCallersNeverGetTheSameSalt() throws Exception {
    SaltCounter c = SaltCounter.create();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 5000; i++) {
            seen.add(HexFormat.of().formatHex(c.next()));
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(20000);
    assertThat(SaltCounter.valueOf(c.next())).isEqualTo(BigInteger.valueOf(20000));
  }
}
