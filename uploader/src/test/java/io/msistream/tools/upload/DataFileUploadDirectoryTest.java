package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DataFileUploadDirectory against the real in-JVM broker, consumed with a plain consumer. */
@ExtendWith(LocalKafkaBrokerExtension.class)
class DataFileUploadDirectoryTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Path write(Path root, String rel, byte[] data) throws Exception {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.write(f, data);
    return f;
  }

  static String[] args(Path dir, Path config, String topic, String... more) {
    String[] base = {dir.toString(), "--config", config.toString(), "--topic_name", topic,
        "--chunk_size", "16384", "--watchdog_lag_time", "1", "--update_seconds", "-1"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void uploadsATreeWithOddNamesExistingAndNewFiles(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("tree");
    TestKafka.createTopic(broker, topic, 3);
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    List<String> existing = List.of("top.dat", "a/b/deep.bin", "with space;semi\tcolon.dat",
        "ünïcødé/日本語.txt", "catalog.csv", "blog/post.txt", "empty.dat");
    for (int i = 0; i < existing.size(); i++) {
      write(dir, existing.get(i), random(existing.get(i).equals("empty.dat") ? 0 : 1000 + 9000 * i,
          i));
    }
    write(dir, ".hidden", random(10, 1));
    write(dir, "x.log", random(10, 2));
    write(dir, ".git/config", random(10, 3));

    try (RunningUploader up = RunningUploader.start(args(dir, config, topic, "--upload_existing"));
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      c.awaitUntil(k -> existing.stream().allMatch(k::complete), WAIT);
      // new files, also in a folder created while running (registered as it appears)
      byte[] big = random(200_000, 42);
      write(dir, "new/sub/later.bin", big);
      write(dir, "later top.dat", random(5000, 43));
      c.awaitUntil(k -> k.complete("new/sub/later.bin") && k.complete("later top.dat"), WAIT);
      assertThat(up.quit(WAIT)).isZero();
      c.drain(Duration.ofSeconds(1));

      for (int i = 0; i < existing.size(); i++) {
        String rel = existing.get(i);
        assertThat(c.rebuild(rel)).as(rel).isEqualTo(Files.readAllBytes(dir.resolve(rel)));
        assertThat(c.generations(rel)).as(rel).hasSize(1);
        assertThat(c.partitions(rel)).as(rel).hasSize(1);
      }
      assertThat(c.rebuild("new/sub/later.bin")).isEqualTo(big);
      assertThat(c.partitions("new/sub/later.bin")).hasSize(1);
      // the empty file is one empty chunk
      assertThat(c.files().get("empty.dat")).singleElement().satisfies(r -> {
        assertThat(r.value().totalChunks()).isEqualTo(1);
        assertThat(r.value().dataLength()).isZero();
        assertThat(r.key()).isEqualTo("_empty.dat_chunk_1_of_1");
      });
      assertThat(c.files()).doesNotContainKeys(".hidden", "x.log", ".git/config");
      assertThat(c.files().keySet()).noneMatch(k -> k.startsWith("LOGS"));
      // keys as upstream: subdir with '_' for '/', then _name_chunk_i_of_n
      assertThat(c.files().get("a/b/deep.bin").get(0).key()).matches("a_b_deep\\.bin_chunk_\\d+_of_\\d+");

      // registry: every uploaded file once, nothing left in progress
      UploadRegistry reg = UploadRegistry.open(dir.resolve("LOGS"), topic);
      assertThat(reg.resumable()).isEmpty();
      assertThat(reg.uploadedCount()).isEqualTo(existing.size() + 2);
      for (String rel : existing) {
        assertThat(reg.lastUploaded(rel)).as(rel).isPresent();
      }
      assertThat(up.output()).contains("The following " + (existing.size() + 2)
          + " files were uploaded between");
    }
  }

  @Test
  void vanishingAndUnreadableFilesAreLoggedAndOthersGoOn(LocalKafkaBroker broker)
      throws Exception {
    String topic = TestKafka.topic("bad");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    Path unreadable = dir.resolve("unreadable.dat");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      // permissions do not stop root: a link to a file whose reads fail (EIO) instead
      Files.createSymbolicLink(unreadable, Path.of("/proc/self/mem"));
    } else {
      Files.write(unreadable, random(100, 9));
      Files.setPosixFilePermissions(unreadable, java.util.Set.of());
    }
    write(dir, "fine.dat", random(30_000, 1));
    try (RunningUploader up = RunningUploader.start(args(dir, config, topic, "--upload_existing"));
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      c.awaitUntil(k -> k.complete("fine.dat"), WAIT);
      up.awaitOutput("unreadable.dat will not be uploaded", WAIT);
      // a file that disappears before it settles is forgotten quietly
      Path gone = write(dir, "gone.dat", random(1000, 2));
      Files.delete(gone);
      write(dir, "after.dat", random(20_000, 3));
      c.awaitUntil(k -> k.complete("after.dat"), WAIT);
      assertThat(up.quit(WAIT)).isZero();
      assertThat(c.files()).doesNotContainKeys("gone.dat", "unreadable.dat");
    }
  }

  @Test
  void thePollingObserverFindsNewFilesAndFolders(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("polling");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    try (RunningUploader up = RunningUploader.start(args(dir, config, topic,
        "--use_polling_observer"));
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      up.awaitOutput("Will upload new files", WAIT);
      byte[] a = random(40_000, 1);
      byte[] b = random(10_000, 2);
      write(dir, "x/y/polled.bin", a);
      write(dir, "top.bin", b);
      c.awaitUntil(k -> k.complete("x/y/polled.bin") && k.complete("top.bin"), WAIT);
      assertThat(c.rebuild("x/y/polled.bin")).isEqualTo(a);
      assertThat(up.quit(WAIT)).isZero();
    }
  }

  @Test
  void sigtermStopsGracefullyAndRecordsTheRegistry(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("sigterm");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", cp, DataFileUploadDirectory.class.getName(), dir.toString(),
        "--config", config.toString(), "--topic_name", topic, "--watchdog_lag_time", "0",
        "--update_seconds", "-1").redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (out) {
            out.append(line).append('\n');
          }
        }
      } catch (java.io.IOException e) {
        // ended
      }
    });
    reader.start();
    try (TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        synchronized (out) {
          if (out.toString().contains("Will upload new files")) {
            break;
          }
        }
        assertThat(System.nanoTime()).as("start-up:\n%s", out).isLessThan(deadline);
        assertThat(p.isAlive()).as("exited early:\n%s", out).isTrue();
        Thread.sleep(50);
      }
      write(dir, "one.dat", random(30_000, 1));
      c.awaitUntil(k -> k.complete("one.dat"), WAIT);
    }
    p.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    assertThat(out.toString()).contains("Termination signal received")
        .contains("Done listening to").contains("The following 1 files were uploaded");
    assertThat(UploadRegistry.open(dir.resolve("LOGS"), topic).lastUploaded("one.dat"))
        .isPresent();
  }

  @Test
  void checkAndProgressLines(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("check");
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Path config = TestKafka.config(tmp, broker);
    try (RunningUploader up = RunningUploader.start(dir.toString(), "--config",
        config.toString(), "--topic_name", topic, "--update_seconds", "1",
        "--watchdog_lag_time", "0");
        TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      up.awaitOutput("Will upload new files", WAIT);
      up.command("check");
      up.awaitOutput("No files to be uploaded found yet in", WAIT);
      // moved in whole: with --watchdog_lag_time 0 a file written in place may be seen empty
      // first and then again with its bytes, which is two uploads of it
      Path outside = write(tmp, "outside/one.dat", random(1000, 1));
      Files.move(outside, dir.resolve("one.dat"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      c.awaitUntil(k -> k.complete("one.dat"), WAIT);
      up.awaitOutput("1 file(s) uploaded", WAIT);
      up.command("C");
      up.awaitOutput("1 are fully produced", WAIT);
      assertThat(up.quit(WAIT)).isZero();
    }
  }
}
