package io.msistream.tools.upload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory tree with the operating system's file events ({@link WatchService}): every
 * directory is registered, and a directory created later is registered as it appears (and the
 * files already in it reported, since they may have been created before its registration). When
 * the system drops events (overflow), the whole tree is reported again. Network file systems
 * often deliver no events: use {@link PollingWatcher} there.
 */
final class NativeWatcher implements DirectoryWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(NativeWatcher.class);

  private final Path root;
  private final UploadFilter filter;
  private final WatchService ws;
  private final Map<WatchKey, Path> dirs = new HashMap<>();
  private boolean warnedLimit;

  private NativeWatcher(Path root, UploadFilter filter) throws IOException {
    this.root = root;
    this.filter = filter;
    this.ws = root.getFileSystem().newWatchService();
  }

  /** Starts watching every directory under {@code root}. */
  static NativeWatcher start(Path root, UploadFilter filter) throws IOException {
    NativeWatcher w = new NativeWatcher(root, filter);
    try {
      w.registerTree(root, null);
    } catch (IOException e) {
      w.close();
      throw e;
    }
    return w;
  }

  private void registerTree(Path dir, Collection<Path> found) throws IOException {
    DirectoryWatcher.walk(dir, filter, (f, a) -> {
      if (found != null) {
        found.add(f);
      }
    }, this::register);
  }

  private void register(Path dir) {
    try {
      WatchKey k = dir.register(ws, ENTRY_CREATE, ENTRY_MODIFY);
      dirs.put(k, dir);
    } catch (IOException e) {
      if (!warnedLimit) {
        warnedLimit = true;
        LOG.warn("Cannot watch {} for new files ({}); if the system's limit of watched folders"
            + " is reached, raise it or use --use_polling_observer", dir, e.toString());
      }
    }
  }

  @Override
  public Collection<Path> poll(Duration timeout) throws InterruptedException {
    LinkedHashSet<Path> out = new LinkedHashSet<>();
    WatchKey key;
    try {
      key = ws.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      while (key != null) {
        handle(key, out);
        key = ws.poll();
      }
    } catch (ClosedWatchServiceException e) {
      return out;
    }
    return out;
  }

  private void handle(WatchKey key, Collection<Path> out) {
    Path dir = dirs.get(key);
    for (WatchEvent<?> ev : key.pollEvents()) {
      if (ev.kind() == OVERFLOW) {
        LOG.info("Too many file events at once: looking at every file under {} again", root);
        try {
          registerTree(root, out);
        } catch (IOException e) {
          LOG.warn("Rescanning {} failed: {}", root, e.toString());
        }
        continue;
      }
      if (dir == null) {
        continue;
      }
      Path p = dir.resolve((Path) ev.context());
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        if (ev.kind() == ENTRY_CREATE && filter.watchDirectory(p)) {
          try {
            registerTree(p, out);
          } catch (IOException e) {
            LOG.debug("cannot register new folder {}: {}", p, e.toString());
          }
        }
        continue;
      }
      out.add(p);
    }
    if (!key.reset()) {
      dirs.remove(key); // the directory is gone
    }
  }

  @Override
  public void close() {
    try {
      ws.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service: {}", e.toString());
    }
  }
}
