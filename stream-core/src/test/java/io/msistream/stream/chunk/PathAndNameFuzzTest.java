package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Received names are untrusted: random ones never escape the output dir or raise untyped errors. */
class PathAndNameFuzzTest {
  private static final String ALPHABET = "ab./\\\0:C_ -~%é\t\n";
  @TempDir Path out;

  private static String random(Random r, int maxLen) {
    StringBuilder sb = new StringBuilder();
    for (int n = r.nextInt(maxLen + 1); n > 0; n--) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  @Test
  void safePathsEitherRejectOrStayStrictlyInside() {
    Random r = new Random(11);
    Path root = out.toAbsolutePath().normalize();
    int accepted = 0;
    for (int k = 0; k < 50_000; k++) {
      String subdir = random(r, 12);
      String name = random(r, 8);
      String append = r.nextInt(10) == 0 ? random(r, 4) : "";
      try {
        Path p = SafePaths.resolve(out, subdir, name, append);
        assertThat(p.startsWith(root) && !p.equals(root)).as(subdir + " | " + name).isTrue();
        assertThat(p.normalize()).isEqualTo(p);
        accepted++;
      } catch (UnsafePathException expected) {
        assertThat(expected.getMessage()).doesNotContain("\0");
      }
    }
    assertThat(accepted).isPositive();
  }

  @Test
  void encryptedMessageNameParsingNeverThrows() {
    Random r = new Random(12);
    String[] seeds = {"encrypted_message_from_", "_produced_on_", "_consumed_", "_received_",
        "_key.bin", "_value.bin", "Apr_08_2026_at_17_37_45_123000", "_1_2"};
    for (int k = 0; k < 50_000; k++) {
      StringBuilder sb = new StringBuilder();
      for (int n = r.nextInt(6); n >= 0; n--) {
        sb.append(r.nextBoolean() ? seeds[r.nextInt(seeds.length)] : random(r, 5));
      }
      String name = sb.toString();
      EncryptedMessageNames.parse(name).ifPresent(p -> {
        assertThat(name).startsWith(EncryptedMessageNames.PREFIX + p.topic());
        assertThat(p.topic()).isNotEmpty();
        assertThat(p.valueFile()).endsWith("_value.bin");
      });
    }
  }
}
