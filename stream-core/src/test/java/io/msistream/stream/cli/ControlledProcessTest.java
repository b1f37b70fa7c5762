package io.msistream.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ControlledProcessTest {

  @Test
  void commandsFromStdinAreCaseInsensitiveLines() throws Exception {
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(feed);
    AtomicInteger checks = new AtomicInteger();
    CountDownLatch twoChecks = new CountDownLatch(2);
    ControlledProcess p = ControlledProcess.builder("T").input(in)
        .onCheck(() -> {
          checks.incrementAndGet();
          twoChecks.countDown();
        })
        .handleSignals(false).build();
    AtomicReference<String> reason = new AtomicReference<>();
    Thread feeder = new Thread(() -> {
      try {
        feed.write("  check \nC\nquack\nqueue\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        if (twoChecks.await(30, TimeUnit.SECONDS)) {
          feed.write("QUIT\n".getBytes(StandardCharsets.UTF_8));
          feed.flush();
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    feeder.start();
    p.run(stop -> {
      stop.await();
      reason.set(stop.reason());
    });
    feeder.join();
    assertThat(checks.get()).isEqualTo(2); // "quack" and "queue" neither quit nor check (upstream quit)
    assertThat(reason.get()).isEqualTo("q");
  }

  @Test
  void endOfInputDoesNotStop() throws Exception {
    ControlledProcess p = ControlledProcess.builder("T").input(new ByteArrayInputStream(new byte[0]))
        .handleSignals(false).build();
    p.run(stop -> assertThat(stop.await(Duration.ofMillis(300))).isFalse());
  }

  @Test
  void qAndQuitBothStop() {
    ControlledProcess p = ControlledProcess.builder("T").input(null).handleSignals(false).build();
    p.command("q");
    assertThat(p.stopSignal().reason()).isEqualTo("q");
    ControlledProcess p2 = ControlledProcess.builder("T").input(null).handleSignals(false).build();
    p2.command(" Quit ");
    assertThat(p2.stopSignal().isStopRequested()).isTrue();
  }

  @Test
  void periodicUpdatesRunUntilTheLoopEnds() throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    ControlledProcess p = ControlledProcess.builder("T").input(null).handleSignals(false)
        .updates(0.02, three::countDown).build();
    AtomicBoolean seen = new AtomicBoolean();
    p.run(stop -> seen.set(three.await(30, TimeUnit.SECONDS)));
    assertThat(seen).isTrue();
  }

  @Test
  void nonPositiveUpdateSecondsDisableUpdates() throws Exception {
    AtomicInteger n = new AtomicInteger();
    ControlledProcess p = ControlledProcess.builder("T").input(null).handleSignals(false)
        .updates(-1, n::incrementAndGet).build();
    p.run(stop -> stop.await(Duration.ofMillis(200)));
    assertThat(n.get()).isZero();
  }

  @Test
  void terminationSignalRequestsStopAndWaitsForTheLoopToFinish() throws Exception {
    ControlledProcess p = ControlledProcess.builder("T").input(null).handleSignals(false)
        .shutdownGrace(Duration.ofSeconds(30)).build();
    AtomicBoolean cleanedUp = new AtomicBoolean();
    CountDownLatch gate = new CountDownLatch(1);
    Thread main = new Thread(() -> {
      try {
        p.run(stop -> {
          stop.await();
          gate.await(); // cleanup that only ends when the test says so
          cleanedUp.set(true);
        });
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    main.start();
    Thread hook = new Thread(p::onTerminationSignal); // what the shutdown hook runs
    hook.start();
    assertThat(p.stopSignal().await(Duration.ofSeconds(30))).isTrue();
    assertThat(p.stopSignal().reason()).isEqualTo("SIGTERM/SIGINT");
    hook.join(200);
    assertThat(hook.isAlive()).as("the hook waits while the loop cleans up").isTrue();
    gate.countDown();
    hook.join(30_000);
    assertThat(hook.isAlive()).isFalse();
    assertThat(cleanedUp).isTrue();
    main.join(30_000);
  }

  @Test
  void realSigtermStopsAChildJvmGracefully() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ControlledProcessDemo.class.getName()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
      assertThat(child.toHandle().destroy()).isTrue(); // SIGTERM on Unix; keeps our pipes open
      StringBuilder rest = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        rest.append(line).append('\n');
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(rest.toString()).contains("stopped: SIGTERM/SIGINT").contains("cleanup done");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void runsOnlyOnce() throws Exception {
    ControlledProcess p = ControlledProcess.builder("T").input(null).handleSignals(false).build();
    p.run(stop -> { });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(stop -> { }))
        .isInstanceOf(IllegalStateException.class);
  }
}
