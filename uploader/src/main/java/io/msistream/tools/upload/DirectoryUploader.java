package io.msistream.tools.upload;

import io.msistream.stream.chunk.ChunkPlan;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.cli.StopSignal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of {@link DataFileUploadDirectory}: watches the tree, lets new and changed files
 * settle, decides what to upload (using the registry across restarts), feeds the
 * {@link UploadEngine}, records progress, reports status, and stops gracefully.
 *
 * <p>What gets uploaded, and when:
 *
 * <ul>
 *   <li>a new file, once unchanged for the lag time;
 *   <li>a file changed after its upload (in this run: its size or modification time differ from
 *       what was uploaded; from an earlier run: its modification time is later than the recorded
 *       start of its last upload): again, as a new generation (same keys, new file hash);
 *   <li>a file that changes while it is being uploaded: its generation is abandoned and the file
 *       is uploaded again as a new generation once it settles;
 *   <li>at start-up, files in progress in the registry are resumed (only the missing chunks are
 *       sent, unless the file was modified since, which makes it a new generation), and with
 *       {@code --upload_existing} every other eligible file that is not already uploaded;
 *   <li>a file that cannot be read or disappears is logged and skipped (tried again if it changes).
 * </ul>
 *
 * <p>All state changes run on the main loop's thread; the engine's callbacks only update the
 * (thread-safe) registry and counters and queue events for the loop.
 */
final class DirectoryUploader implements UploadListener {
  private static final Logger LOG = LoggerFactory.getLogger(DataFileUploadDirectory.class);
  private static final Duration TICK = Duration.ofMillis(200);
  private static final int RECENT = 50;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Where a file stands in this run. */
  enum State { WAITING, IN_PROGRESS, CHANGING, UPLOADED, SKIPPED, FAILED }

  private static final class Tracked {
    State state;
    long size = -1;
    double mtime = Double.NaN;
    boolean recheck;
    FileUpload upload;
  }

  private sealed interface Event {}

  private record Started(FileUpload upload) implements Event {}

  private record Completed(FileUpload upload) implements Event {}

  private record Ended(FileJob job, FileUpload upload, FileUpload.Outcome outcome, String why,
      Throwable cause) implements Event {}

  private final Path root;
  private final UploadFilter filter;
  private final Duration lag;
  private final boolean uploadExisting;
  private final boolean polling;
  private final SendSettings send;
  private final UploadRegistry registry;
  private final Producer<String, byte[]> producer;
  private final UploadEngine engine;
  private final Progress progress = new Progress();
  private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
  private final Map<String, Tracked> tracked = new HashMap<>();
  private final LinkedHashMap<String, Boolean> recent = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
      return size() > RECENT;
    }
  };
  private final PendingFiles pending;
  private volatile boolean checkRequested;
  private volatile boolean updateRequested;
  private long lastRegistryWarning;

  DirectoryUploader(Path root, UploadFilter filter, Duration lag, boolean uploadExisting,
      boolean polling, SendSettings send, UploadRegistry registry,
      Producer<String, byte[]> producer) {
    this.root = root;
    this.filter = filter;
    this.lag = lag;
    this.uploadExisting = uploadExisting;
    this.polling = polling;
    this.send = send;
    this.registry = registry;
    this.producer = producer;
    this.pending = new PendingFiles(lag);
    this.engine = new UploadEngine(producer, send.topic(), root,
        ChunkPlanner.of(send.chunkSize()).emptyFileAsOneChunk(), send.format(),
        new ByteBudget(send.budgetBytes()), -1, this);
  }

  /** Asks the loop for a status report (any thread). */
  void requestCheck() {
    checkRequested = true;
  }

  /** Asks the loop for a progress line (any thread). */
  void requestUpdate() {
    updateRequested = true;
  }

  /** Runs until {@code stop}, then stops gracefully. */
  void run(StopSignal stop) throws Exception {
    LocalDateTime startedAt = LocalDateTime.now();
    engine.start(send.nThreads(), "upload");
    try (DirectoryWatcher watcher = polling
        ? PollingWatcher.start(root, filter, Duration.ofSeconds(1))
        : NativeWatcher.start(root, filter)) {
      LOG.info(uploadExisting ? "Uploading files in/added to {}..."
          : "Listening for files to be added to {}...", root);
      LOG.info("Will upload new files added to {} to the {} topic as {}-byte chunks using {}"
          + " threads", root, send.topic(), send.chunkSize(), send.nThreads());
      resume();
      if (uploadExisting) {
        uploadExisting();
      }
      loop(stop, watcher);
    } finally {
      shutdown(stop, startedAt);
    }
  }

  private void resume() {
    int files = 0;
    long chunks = 0;
    for (InProgressRow row : registry.resumable().values()) {
      Path f = root.resolve(row.relPath()).normalize();
      String why = null;
      if (!f.startsWith(root)) {
        why = "its path leads outside " + root;
      } else if (!Files.isRegularFile(f)) {
        why = "it no longer exists";
      } else if (!filter.accepts(f)) {
        why = "it no longer matches --upload_regex";
      }
      if (why != null) {
        LOG.warn("{} was being uploaded, but {}: it will not be resumed", row.relPath(), why);
        registry.forget(row.relPath());
        continue;
      }
      String rel = filter.relativePath(f);
      submit(new FileJob(f, rel, new FileJob.Resume(row.started(), row.nChunks(),
          row.delivered())));
      files++;
      chunks += row.toSend().cardinality();
    }
    if (files > 0) {
      LOG.info("Resuming {} file(s) left in progress ({} chunk(s) still to send)", files, chunks);
    }
    int before = registry.uploadedPaths();
    if (before > 0) {
      LOG.info("{} file(s) uploaded before will not be uploaded again unless they change", before);
    }
  }

  private void uploadExisting() throws IOException {
    List<Path> found = new ArrayList<>();
    DirectoryWatcher.walk(root, filter, (f, a) -> {
      if (filter.accepts(f)) {
        found.add(f);
      }
    }, null);
    for (Path f : found) {
      consider(f);
    }
  }

  private void loop(StopSignal stop, DirectoryWatcher watcher) throws InterruptedException {
    while (!stop.isStopRequested()) {
      Collection<Path> touched = watcher.poll(TICK);
      long now = System.nanoTime();
      for (Path p : touched) {
        if (filter.accepts(p)) {
          pending.touch(p, now);
        }
      }
      for (Path p : pending.settled(now)) {
        consider(p);
      }
      drainEvents();
      flushRegistry(false);
      if (checkRequested) {
        checkRequested = false;
        logCheck();
      }
      if (updateRequested) {
        updateRequested = false;
        logProgress();
      }
    }
  }

  /** Decides whether a settled (or existing) file is uploaded now. */
  private void consider(Path file) {
    String rel = filter.relativePath(file);
    Tracked t = tracked.get(rel);
    if (t != null && (t.state == State.WAITING || t.state == State.IN_PROGRESS)) {
      t.recheck = true; // looked at again when this upload ends
      return;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return; // gone again
    }
    if (!a.isRegularFile()) {
      return;
    }
    double mtime = mtime(a.lastModifiedTime());
    if (t != null && t.state == State.UPLOADED && t.size == a.size() && t.mtime == mtime) {
      return; // unchanged since we uploaded it
    }
    if (t == null || t.state == State.SKIPPED) {
      Optional<UploadedRow> before = registry.lastUploaded(rel);
      if (before.isPresent() && mtime <= UploadEngine.epochSeconds(before.get().started())) {
        if (t == null) {
          t = new Tracked();
          tracked.put(rel, t);
          t.state = State.SKIPPED;
          recent.put(rel, Boolean.TRUE);
          LOG.debug("{} was uploaded before (started {}) and has not changed since", rel,
              before.get().started());
        }
        return;
      }
    }
    submit(FileJob.fresh(file, rel));
  }

  private void submit(FileJob job) {
    Tracked t = tracked.computeIfAbsent(job.relPath(), k -> new Tracked());
    t.state = State.WAITING;
    t.recheck = false;
    t.upload = null;
    recent.remove(job.relPath());
    recent.put(job.relPath(), Boolean.TRUE);
    engine.submit(job);
  }

  private void drainEvents() {
    Event e;
    while ((e = events.poll()) != null) {
      if (e instanceof Started s) {
        Tracked t = tracked.get(s.upload().job().relPath());
        if (t != null) {
          t.state = State.IN_PROGRESS;
          t.upload = s.upload();
        }
      } else if (e instanceof Completed c) {
        onCompleted(c.upload());
      } else {
        onEnded((Ended) e);
      }
    }
  }

  private void onCompleted(FileUpload u) {
    ChunkPlan plan = u.plan();
    String rel = u.job().relPath();
    Tracked t = tracked.computeIfAbsent(rel, k -> new Tracked());
    t.state = State.UPLOADED;
    t.upload = null;
    t.size = plan.size();
    t.mtime = plan.mtime().orElse(Double.NaN);
    t.recheck = false;
    LOG.debug("{} has been fully produced to the {} topic as {} messages", rel, send.topic(),
        plan.totalChunks());
    // changed during the upload without breaking a chunk read (e.g. appended to, touched)?
    try {
      BasicFileAttributes a = Files.readAttributes(u.job().file(), BasicFileAttributes.class);
      if (a.size() != t.size || mtime(a.lastModifiedTime()) != t.mtime) {
        pending.touch(u.job().file(), System.nanoTime());
      }
    } catch (IOException gone) {
      // deleted after upload: nothing to do (deletions do not propagate)
    }
  }

  private void onEnded(Ended e) {
    String rel = e.job().relPath();
    Tracked t = tracked.computeIfAbsent(rel, k -> new Tracked());
    t.upload = null;
    switch (e.outcome()) {
      case CHANGED -> {
        LOG.info("{} changed while being uploaded ({}); it will be uploaded again once it stops"
            + " changing", rel, e.why());
        t.state = State.CHANGING; // uploaded once settled, whatever its mtime says
        pending.touch(e.job().file(), System.nanoTime());
      }
      case FAILED -> {
        progress.fileFailed();
        if (e.upload() != null && !Files.exists(e.job().file())) {
          registry.drop((UploadRegistry.Entry) e.upload().registryEntry());
        }
        t.state = State.FAILED;
        if (e.cause() != null && !(e.cause() instanceof IOException)) {
          LOG.error("{} will not be uploaded: {}", rel, e.why(), e.cause());
        } else {
          LOG.error("{} will not be uploaded: {}", rel, e.why());
        }
        if (t.recheck) {
          t.recheck = false;
          pending.touch(e.job().file(), System.nanoTime());
        }
      }
      case STOPPED, COMPLETE -> t.state = State.WAITING;
    }
  }

  private void flushRegistry(boolean force) {
    try {
      registry.flush(force);
    } catch (IOException e) {
      long now = System.nanoTime();
      if (force || now - lastRegistryWarning > Duration.ofMinutes(1).toNanos()) {
        lastRegistryWarning = now;
        LOG.warn("Cannot write the upload registry in {}: {}", registry.uploadedFile().getParent(),
            e.toString());
      }
    }
  }

  private void shutdown(StopSignal stop, LocalDateTime startedAt) throws InterruptedException {
    LOG.info("Stopping ({}): chunks already sent will be acknowledged; files not finished are"
        + " recorded and resume at the next start", stop.reason() == null ? "error"
        : "q".equals(stop.reason()) ? "quit requested" : stop.reason());
    List<FileJob> notStarted = engine.stop(Duration.ofMinutes(2));
    LOG.info("Waiting for all sent messages to be acknowledged");
    try {
      producer.flush();
    } catch (RuntimeException e) {
      LOG.warn("Flushing the producer failed: {}", e.toString());
    }
    drainEvents();
    flushRegistry(true);
    int unfinished = 0;
    for (Tracked t : tracked.values()) {
      if (t.state == State.IN_PROGRESS || t.state == State.WAITING) {
        unfinished++;
      }
    }
    unfinished -= notStarted.size();
    if (unfinished > 0) {
      LOG.info("{} file(s) in progress are recorded in {} and will resume at the next start",
          unfinished, registry.inProgressFile());
    }
    if (!notStarted.isEmpty() || pending.size() > 0) {
      LOG.info("{} file(s) found but not started will be uploaded at the next start with"
          + " --upload_existing", notStarted.size() + pending.size());
    }
    LocalDateTime stoppedAt = LocalDateTime.now();
    LOG.info("Done listening to {} for files to upload", root);
    List<UploadedRow> done = registry.completedThisRun();
    if (done.isEmpty()) {
      LOG.info("No files were uploaded between {} and {}", WHEN.format(startedAt),
          WHEN.format(stoppedAt));
    } else {
      StringBuilder b = new StringBuilder();
      int shown = 0;
      for (UploadedRow r : done) {
        if (shown++ == 1000) {
          b.append("\n\t... and ").append(done.size() - 1000).append(" more (see ")
              .append(registry.uploadedFile()).append(')');
          break;
        }
        b.append("\n\t").append(r.relPath());
      }
      LOG.info("The following {} files were uploaded between {} and {}:{}", done.size(),
          WHEN.format(startedAt), WHEN.format(stoppedAt), b);
    }
    LOG.info("Sent {} in {} chunks in {} s ({} average){}", Progress.mb(progress.bytes()),
        progress.chunks(), Math.round(progress.elapsedSeconds()),
        Progress.rate(progress.averageRate()), progress.failedFiles() > 0
            ? "; " + progress.failedFiles() + " file(s) could not be uploaded" : "");
  }

  private void logProgress() {
    int active = 0;
    for (Tracked t : tracked.values()) {
      if (t.state == State.IN_PROGRESS) {
        active++;
      }
    }
    int waiting = engine.waitingCount() + pending.size();
    LOG.info("{} file(s) uploaded, {} ({}); {} in progress, {} waiting", progress.files(),
        Progress.mb(progress.bytes()), Progress.rate(progress.rateSinceLast()), active, waiting);
  }

  private void logCheck() {
    if (recent.isEmpty() && pending.size() == 0) {
      LOG.info("No files to be uploaded found yet in {}", root);
      return;
    }
    Map<State, Integer> counts = new EnumMap<>(State.class);
    StringBuilder details = new StringBuilder();
    for (String rel : recent.keySet()) {
      Tracked t = tracked.get(rel);
      State s = t == null ? State.WAITING : t.state;
      counts.merge(s, 1, Integer::sum);
      details.append("\n\t").append(rel).append(' ').append(describe(t));
    }
    StringBuilder b = new StringBuilder("Of the ").append(recent.size())
        .append(" most recent files found in ").append(root).append(", ");
    List<String> parts = new ArrayList<>();
    int notUploaded = counts.getOrDefault(State.SKIPPED, 0) + counts.getOrDefault(State.FAILED, 0);
    if (notUploaded > 0) {
      parts.add(notUploaded + " will not be uploaded");
    }
    int waiting = counts.getOrDefault(State.WAITING, 0) + counts.getOrDefault(State.CHANGING, 0);
    if (waiting > 0) {
      parts.add(waiting + " are waiting to upload");
    }
    if (counts.getOrDefault(State.IN_PROGRESS, 0) > 0) {
      parts.add(counts.get(State.IN_PROGRESS) + " have uploads in progress");
    }
    if (counts.getOrDefault(State.UPLOADED, 0) > 0) {
      parts.add(counts.get(State.UPLOADED) + " are fully produced");
    }
    b.append(String.join(", ", parts));
    if (pending.size() > 0) {
      b.append("; ").append(pending.size()).append(" more are waiting to stop changing");
    }
    LOG.info("{}; {} sent so far ({})", b, Progress.mb(progress.bytes()),
        Progress.rate(progress.averageRate()));
    LOG.debug("Recent files:{}", details);
  }

  private static String describe(Tracked t) {
    if (t == null) {
      return "(waiting)";
    }
    return switch (t.state) {
      case WAITING -> "(waiting to upload)";
      case CHANGING -> "(changed while being uploaded: waiting for it to stop changing)";
      case IN_PROGRESS -> t.upload == null ? "(in progress)"
          : "(in progress with " + t.upload.chunksAcked() + "/" + t.upload.chunksToSend()
              + " messages acknowledged)";
      case UPLOADED -> "(fully produced to broker)";
      case SKIPPED -> "(will not be uploaded: uploaded before, unchanged)";
      case FAILED -> "(will not be uploaded: failed)";
    };
  }

  private static double mtime(FileTime t) {
    java.time.Instant i = t.toInstant();
    return i.getEpochSecond() + i.getNano() * 1e-9;
  }

  // ------------------------------------------------------------ engine callbacks (any thread)

  @Override
  public void started(FileUpload u) {
    u.registryEntry(registry.start(u.job().relPath(), u.plan().filename(), u.plan().totalChunks(),
        u.started(), u.deliveredBefore()));
    events.add(new Started(u));
  }

  @Override
  public void acked(FileUpload u, int index, int bytes) {
    registry.delivered((UploadRegistry.Entry) u.registryEntry(), index);
    progress.chunkAcked(bytes);
  }

  @Override
  public void completed(FileUpload u) {
    registry.completed((UploadRegistry.Entry) u.registryEntry(), UploadEngine.now());
    progress.fileCompleted();
    events.add(new Completed(u));
  }

  @Override
  public void ended(FileJob job, FileUpload u, FileUpload.Outcome outcome, String why,
      Throwable cause) {
    events.add(new Ended(job, u, outcome, why, cause));
  }
}
