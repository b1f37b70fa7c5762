package io.msistream.tools.upload;

import static io.msistream.tools.upload.DataFileUploadDirectoryTest.args;
import static io.msistream.tools.upload.DataFileUploadDirectoryTest.random;
import static io.msistream.tools.upload.DataFileUploadDirectoryTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataFileUploadDirectory when files change: a file still being written, changed during or after
 * its upload, changed while the uploader was down, and a restart that resumes a partial file.
 * Against the real in-JVM broker, consumed with a plain consumer; a class of its own so that it
 * runs in a test JVM beside {@link DataFileUploadDirectoryTest}.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class DataFileUploadDirectoryChangesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void aFileStillBeingWrittenIsSentOnceComplete(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("growing");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    byte[] all = random(300_000, 7);
    try (RunningUploader up = RunningUploader.start(args(dir, config, topic,
        "--watchdog_lag_time", "2"));
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      up.awaitOutput("Will upload new files", WAIT);
      Path f = dir.resolve("growing.dat");
      try (var out = Files.newOutputStream(f)) {
        for (int off = 0; off < all.length; off += 30_000) {
          out.write(all, off, Math.min(30_000, all.length - off));
          out.flush();
          Thread.sleep(150); // a slow writer: pauses well under the 2 s lag time
        }
      }
      c.awaitUntil(k -> k.complete("growing.dat"), WAIT);
      c.drain(Duration.ofSeconds(3));
      assertThat(c.generations("growing.dat")).hasSize(1);
      assertThat(c.rebuild("growing.dat")).isEqualTo(all);
      assertThat(c.files().get("growing.dat")).hasSize((all.length + 16383) / 16384);
      assertThat(up.quit(WAIT)).isZero();
    }
  }

  @Test
  void aFileChangedAfterUploadIsSentAgainAsANewGeneration(LocalKafkaBroker broker)
      throws Exception {
    String topic = TestKafka.topic("changed");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    try (RunningUploader up = RunningUploader.start(args(dir, config, topic));
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      up.awaitOutput("Will upload new files", WAIT);
      Path f = write(dir, "data.bin", random(50_000, 1));
      c.awaitUntil(k -> k.complete("data.bin"), WAIT);
      byte[] v2 = random(60_000, 2);
      Files.write(f, v2);
      c.awaitUntil(k -> k.generations("data.bin").size() == 2 && k.complete("data.bin"), WAIT);
      assertThat(c.rebuild("data.bin")).isEqualTo(v2);
      // touching without changing content or size still counts as a change only if mtime moves;
      // an event that changes nothing (same mtime) is not re-sent
      Files.setLastModifiedTime(f, Files.getLastModifiedTime(f));
      c.drain(Duration.ofSeconds(3));
      assertThat(c.generations("data.bin")).hasSize(2);
      assertThat(up.quit(WAIT)).isZero();
    }
  }

  @Test
  void restartResumesAPartialFileAndSkipsUploadedOnes(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("restart");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    // slow sending: batches wait 300 ms, and little data may be in flight
    Path config = TestKafka.config(tmp, broker, java.util.Map.of("linger.ms", "300"));
    byte[] small = random(20_000, 5);
    // older than the upload's recorded start (a whole second): see the same-second rule
    Files.setLastModifiedTime(write(dir, "small.dat", small),
        FileTime.from(Instant.now().minusSeconds(60)));
    byte[] big = random(16 << 20, 6);
    try (TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      try (RunningUploader up = RunningUploader.start(args(dir, config, topic, "--upload_existing",
          "--queue_max_size", "1", "--n_threads", "1"))) {
        c.awaitUntil(k -> k.complete("small.dat"), WAIT);
        write(dir, "big.dat", big);
        c.awaitUntil(k -> !k.files().getOrDefault("big.dat", List.of()).isEmpty(), WAIT);
        assertThat(up.quit(WAIT)).isZero();
        assertThat(up.output()).contains("are recorded in");
      }
      UploadRegistry reg = UploadRegistry.open(dir.resolve("LOGS"), topic);
      InProgressRow row = reg.resumable().get("big.dat");
      assertThat(row).isNotNull();
      int n = (big.length + 16383) / 16384;
      assertThat(row.nChunks()).isEqualTo(n);
      int deliveredFirstRun = row.delivered().cardinality();
      assertThat(deliveredFirstRun).isBetween(1, n - 1);
      assertThat(reg.lastUploaded("small.dat")).isPresent();

      Path config2 = TestKafka.config(tmp, broker);
      try (RunningUploader up = RunningUploader.start(args(dir, config2, topic,
          "--upload_existing"))) {
        c.awaitUntil(k -> k.complete("big.dat"), WAIT);
        up.awaitOutput("Resuming 1 file(s)", WAIT);
        c.drain(Duration.ofSeconds(2));
        assertThat(up.quit(WAIT)).isZero();
      }
      assertThat(c.rebuild("big.dat")).isEqualTo(big);
      assertThat(c.generations("big.dat")).hasSize(1);
      // every chunk sent exactly once over both runs; small.dat not sent again
      assertThat(c.files().get("big.dat")).hasSize(n);
      assertThat(c.files().get("small.dat")).hasSize(2);
      UploadRegistry after = UploadRegistry.open(dir.resolve("LOGS"), topic);
      assertThat(after.resumable()).isEmpty();
      assertThat(after.uploadedCount()).isEqualTo(2);
    }
  }

  @Test
  void aFileChangedDuringItsUploadIsSentAgainAsANewGeneration(LocalKafkaBroker broker)
      throws Exception {
    String topic = TestKafka.topic("midway");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    // slow sending: batches wait 300 ms and at most 1 MB is in flight
    Path config = TestKafka.config(tmp, broker, java.util.Map.of("linger.ms", "300"));
    byte[] v1 = random(8 << 20, 1);
    byte[] v2 = random(8 << 20, 2);
    try (RunningUploader up = RunningUploader.start(args(dir, config, topic,
        "--queue_max_size", "1", "--n_threads", "1"));
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      up.awaitOutput("Will upload new files", WAIT);
      Path f = write(dir, "midway.bin", v1);
      c.awaitUntil(k -> !k.files().getOrDefault("midway.bin", List.of()).isEmpty(), WAIT);
      Files.write(f, v2);
      c.awaitUntil(k -> v2.length == (k.rebuild("midway.bin") == null ? -1
          : k.rebuild("midway.bin").length) && java.util.Arrays.equals(k.rebuild("midway.bin"), v2),
          WAIT);
      up.awaitOutput("midway.bin changed while being uploaded", WAIT);
      assertThat(c.generations("midway.bin")).hasSizeGreaterThanOrEqualTo(2);
      assertThat(up.quit(WAIT)).isZero();
    }
  }

  @Test
  void aFileModifiedWhileTheUploaderWasDownIsSentAgain(LocalKafkaBroker broker)
      throws Exception {
    String topic = TestKafka.topic("down");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    Path keep = write(dir, "keep.dat", random(30_000, 1));
    Path change = write(dir, "change.dat", random(30_000, 2));
    Instant old = Instant.now().minusSeconds(3600);
    Files.setLastModifiedTime(keep, FileTime.from(old));
    Files.setLastModifiedTime(change, FileTime.from(old));
    try (TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      try (RunningUploader up = RunningUploader.start(args(dir, config, topic,
          "--upload_existing"))) {
        c.awaitUntil(k -> k.complete("keep.dat") && k.complete("change.dat"), WAIT);
        assertThat(up.quit(WAIT)).isZero();
      }
      byte[] v2 = random(40_000, 3);
      Files.write(change, v2);
      Files.setLastModifiedTime(change, FileTime.from(Instant.now().plusSeconds(5)));
      try (RunningUploader up = RunningUploader.start(args(dir, config, topic,
          "--upload_existing"))) {
        c.awaitUntil(k -> k.generations("change.dat").size() == 2 && k.complete("change.dat"),
            WAIT);
        c.drain(Duration.ofSeconds(2));
        assertThat(up.quit(WAIT)).isZero();
      }
      assertThat(c.rebuild("change.dat")).isEqualTo(v2);
      assertThat(c.generations("keep.dat")).hasSize(1);
      assertThat(c.files().get("keep.dat")).hasSize(2);
    }
  }
}
