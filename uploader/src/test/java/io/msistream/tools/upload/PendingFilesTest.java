package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settling with an explicit clock (nanoseconds passed in), so nothing depends on real time. */
class PendingFilesTest {
  private static final long S = 1_000_000_000L;
  @TempDir Path tmp;

  @Test
  void readyOnceUnchangedForTheLag() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.dat"), "one");
    PendingFiles p = new PendingFiles(Duration.ofSeconds(3));
    p.touch(f, 0);
    assertThat(p.settled(1 * S)).isEmpty();
    assertThat(p.settled(2 * S)).isEmpty();
    assertThat(p.settled(3 * S)).containsExactly(f);
    assertThat(p.size()).isZero();
  }

  @Test
  void aChangeOrAnEventStartsTheWaitAgain() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.dat"), "one");
    PendingFiles p = new PendingFiles(Duration.ofSeconds(3));
    p.touch(f, 0);
    assertThat(p.settled(1 * S)).isEmpty();
    Files.writeString(f, "one two"); // grew without an event reaching us
    assertThat(p.settled(2 * S)).isEmpty();
    assertThat(p.settled(4 * S)).isEmpty();
    assertThat(p.settled(5 * S)).containsExactly(f);
    p.touch(f, 10 * S);
    assertThat(p.settled(11 * S)).isEmpty();
    p.touch(f, 12 * S);
    assertThat(p.settled(14 * S)).isEmpty();
    assertThat(p.settled(15 * S)).containsExactly(f);
  }

  @Test
  void vanishedFilesAreDropped() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.dat"), "one");
    PendingFiles p = new PendingFiles(Duration.ZERO);
    p.touch(f, 0);
    Files.delete(f);
    assertThat(p.settled(5 * S)).isEmpty();
    assertThat(p.size()).isZero();
    p.touch(tmp, 0); // a directory is not a file
    assertThat(p.settled(5 * S)).isEmpty();
    assertThat(p.contains(tmp)).isFalse();
  }
}
