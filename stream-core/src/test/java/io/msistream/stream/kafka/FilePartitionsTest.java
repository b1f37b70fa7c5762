package io.msistream.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class FilePartitionsTest {
  @Test
  void isKafkasMurmur2OfThePath() {
    String path = "a/b/scan 1;x.dat";
    int expected = Utils.toPositive(Utils.murmur2(path.getBytes(StandardCharsets.UTF_8))) % 7;
    assertThat(FilePartitions.of(path, 7)).isEqualTo(expected);
  }

  @Test
  void staysInRangeAndSpreadsFiles() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int p = FilePartitions.of("dir/file_" + i + ".dat", 4);
      assertThat(p).isBetween(0, 3);
      seen.add(p);
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(FilePartitions.of("x", 1)).isZero();
    assertThat(FilePartitions.of("ü/ñ.dat", 3)).isEqualTo(FilePartitions.of("ü/ñ.dat", 3));
  }

  @Test
  void rejectsNoPartitions() {
    assertThatThrownBy(() -> FilePartitions.of("x", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
