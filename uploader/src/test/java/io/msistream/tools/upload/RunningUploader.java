package io.msistream.tools.upload;

import io.msistream.stream.cli.ToolMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** DataFileUploadDirectory running in-process on its own thread, controlled through stdin lines. */
final class RunningUploader implements AutoCloseable {
  private final PipedOutputStream commands = new PipedOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> status;

  private RunningUploader(String... argv) throws IOException {
    PipedInputStream in = new PipedInputStream(commands);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    status = CompletableFuture.supplyAsync(() -> ToolMain.run(UploadArgs.directorySpec(),
        a -> DataFileUploadDirectory.run(a, in, false), argv, out, errStream));
  }

  static RunningUploader start(String... argv) throws IOException {
    return new RunningUploader(argv);
  }

  /** Sends one command line ({@code q}, {@code c}, ...). */
  void command(String line) throws IOException {
    commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
  }

  /** Sends {@code q} and waits for the exit status. */
  int quit(Duration timeout) throws Exception {
    command("q");
    return status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The exit status, waiting for it (for runs that end by themselves). */
  int await(Duration timeout) throws Exception {
    return status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isDone() {
    return status.isDone();
  }

  /** Console output so far. */
  String output() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until the console output contains {@code text}. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (System.nanoTime() > deadline || status.isDone()) {
        throw new AssertionError("no '" + text + "' in output:\n" + output());
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (!status.isDone()) {
        quit(Duration.ofSeconds(60));
      }
    } finally {
      System.out.println("---- uploader output ----\n" + output()); // kept in surefire reports
    }
  }
}
