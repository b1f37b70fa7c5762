package io.msistream.stream.cli;

import io.msistream.stream.config.ToolDefaults;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a long-lived tool's main loop the OpenMSIStream way (spec §5.7), with the Java
 * improvements:
 *
 * <ul>
 *   <li>stdin is read line by line on a daemon thread: {@code q}/{@code quit} request a graceful
 *       stop, {@code c}/{@code check} call the check callback (case-insensitive, surrounding blanks
 *       ignored, anything else ignored; end of input, as for a service, changes nothing);
 *   <li>SIGTERM/SIGINT request the same graceful stop: a shutdown hook requests the stop and waits
 *       (up to {@code msistream.process.shutdown-grace-seconds}) until the main loop has returned,
 *       so do all cleanup (flushes, commits, summaries) <em>inside</em> the loop body;
 *   <li>every {@code --update_seconds} (when {@code > 0}) the update callback runs (default: a
 *       {@code .} logged at DEBUG, as upstream).
 * </ul>
 *
 * <p>Callbacks run on the helper threads, not the loop's thread: make them thread-safe.
 */
public final class ControlledProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ControlledProcess.class);

  /** The tool's main loop; return when {@code stop} is requested, after cleaning up. */
  @FunctionalInterface
  public interface MainLoop {
    void run(StopSignal stop) throws Exception;
  }

  private final String program;
  private final InputStream input;
  private final Runnable onCheck;
  private final Runnable onUpdate;
  private final double updateSeconds;
  private final boolean installHook;
  private final Duration grace;
  private final StopSignal stop = new StopSignal();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final Thread hook;

  private ControlledProcess(Builder b) {
    this.program = b.program;
    this.input = b.input;
    this.onCheck = b.onCheck;
    this.onUpdate = b.onUpdate;
    this.updateSeconds = b.updateSeconds;
    this.installHook = b.installHook;
    this.grace = b.grace;
    this.hook = new Thread(this::onTerminationSignal, program + "-shutdown");
  }

  public static Builder builder(String program) {
    return new Builder(program);
  }

  /** The stop flag the loop receives; others may request a stop through it too. */
  public StopSignal stopSignal() {
    return stop;
  }

  /**
   * Starts the helpers, runs {@code loop} on the calling thread, then stops the helpers. Runs once.
   * Exceptions from the loop propagate.
   */
  public void run(MainLoop loop) throws Exception {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already run");
    }
    if (installHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    if (input != null) {
      Thread reader = new Thread(this::readCommands, program + "-stdin");
      reader.setDaemon(true);
      reader.start();
    }
    ScheduledExecutorService updates = null;
    if (updateSeconds > 0) {
      updates = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, program + "-updates");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, Math.round(updateSeconds * 1000));
      updates.scheduleAtFixedRate(() -> safely("update", onUpdate), ms, ms, TimeUnit.MILLISECONDS);
    }
    try {
      loop.run(stop);
    } finally {
      if (updates != null) {
        updates.shutdownNow();
      }
      finished.countDown();
      if (installHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running and waits for us: nothing to remove
        }
      }
    }
  }

  /** What the shutdown hook does (package-private so tests can play the signal). */
  void onTerminationSignal() {
    if (stop.requestStop("SIGTERM/SIGINT")) {
      LOG.info("Termination signal received: stopping gracefully (as for 'q')");
    }
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not stop within {} s of the termination signal", program,
            grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Interprets one stdin line (package-private for tests). */
  void command(String line) {
    String cmd = line.strip().toLowerCase(Locale.ROOT);
    switch (cmd) {
      case "q":
      case "quit":
        stop.requestStop("q");
        break;
      case "c":
      case "check":
        safely("check", onCheck);
        break;
      default:
        if (!cmd.isEmpty()) {
          LOG.debug("ignored input '{}' (type q or quit to stop, c or check for a status report)",
              cmd);
        }
    }
  }

  private void readCommands() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
      String line;
      while (!stop.isStopRequested() && (line = r.readLine()) != null) {
        command(line);
      }
    } catch (IOException e) {
      LOG.debug("stopped reading commands: {}", e.toString());
    }
  }

  private static void safely(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("{} callback failed: {}", what, e.toString(), e);
    }
  }

  /** Options of a {@link ControlledProcess}. */
  public static final class Builder {
    private final String program;
    private InputStream input = System.in;
    private Runnable onCheck = () -> { };
    private Runnable onUpdate = () -> LOG.debug(".");
    private double updateSeconds = -1;
    private boolean installHook = true;
    private Duration grace;

    private Builder(String program) {
      this.program = Objects.requireNonNull(program);
      ToolDefaults d = ToolDefaults.load("msistream.process");
      this.grace = Duration.ofSeconds(d.find("shutdown-grace-seconds").map(Long::parseLong)
          .orElse(600L));
    }

    /** Where commands come from (default {@code System.in}; null: no command reader). */
    public Builder input(InputStream in) {
      this.input = in;
      return this;
    }

    /** Called for {@code c}/{@code check}. */
    public Builder onCheck(Runnable r) {
      this.onCheck = Objects.requireNonNull(r);
      return this;
    }

    /** Called every {@code seconds} ({@code <= 0} disables, as {@code --update_seconds -1}). */
    public Builder updates(double seconds, Runnable r) {
      this.updateSeconds = seconds;
      this.onUpdate = Objects.requireNonNull(r);
      return this;
    }

    /** The default update ({@code .} at DEBUG) every {@code seconds}. */
    public Builder updateSeconds(double seconds) {
      this.updateSeconds = seconds;
      return this;
    }

    /** Whether SIGTERM/SIGINT trigger the graceful stop (default true). */
    public Builder handleSignals(boolean on) {
      this.installHook = on;
      return this;
    }

    /** How long a signal waits for the loop to finish. */
    public Builder shutdownGrace(Duration d) {
      this.grace = Objects.requireNonNull(d);
      return this;
    }

    public ControlledProcess build() {
      return new ControlledProcess(this);
    }
  }
}
