package io.msistream.tools.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds new and changed files by walking the tree at a fixed interval and comparing sizes and
 * modification times with the previous walk ({@code --use_polling_observer}): works where the
 * operating system delivers no file events, e.g. on SMB/CIFS and NFS shares. The walks run on a
 * daemon thread; the first one only takes the baseline.
 */
final class PollingWatcher implements DirectoryWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(PollingWatcher.class);

  private record Stamp(long size, FileTime mtime) {}

  private final Path root;
  private final UploadFilter filter;
  private final Duration interval;
  private final LinkedBlockingQueue<Path> changed = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private Map<Path, Stamp> last = new HashMap<>();

  private PollingWatcher(Path root, UploadFilter filter, Duration interval) {
    this.root = root;
    this.filter = filter;
    this.interval = interval;
    this.thread = new Thread(this::run, "upload-polling-observer");
    this.thread.setDaemon(true);
  }

  /** Takes the baseline now, then walks every {@code interval} in the background. */
  static PollingWatcher start(Path root, UploadFilter filter, Duration interval) {
    PollingWatcher w = new PollingWatcher(root, filter, interval);
    w.scan(false);
    w.thread.start();
    return w;
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      scan(true);
    }
  }

  private void scan(boolean report) {
    Map<Path, Stamp> now = new HashMap<>(Math.max(16, last.size() * 2));
    List<Path> found = new ArrayList<>();
    try {
      DirectoryWatcher.walk(root, filter, (f, a) -> {
        Stamp s = new Stamp(a.size(), a.lastModifiedTime());
        now.put(f, s);
        if (report && !s.equals(last.get(f))) {
          found.add(f);
        }
      }, null);
    } catch (IOException e) {
      LOG.warn("Looking for new files under {} failed: {}", root, e.toString());
      return;
    }
    last = now;
    changed.addAll(found);
  }

  @Override
  public Collection<Path> poll(Duration timeout) throws InterruptedException {
    List<Path> out = new ArrayList<>();
    Path first = changed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (first != null) {
      out.add(first);
      changed.drainTo(out);
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
