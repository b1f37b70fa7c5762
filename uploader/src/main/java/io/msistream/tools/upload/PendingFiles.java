package io.msistream.tools.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files seen created or changed, waiting to settle: a file is ready once its size and
 * modification time have stayed the same, and no new event arrived for it, for the lag time
 * ({@code --watchdog_lag_time}). A file that disappears or stops being a regular file is dropped.
 * Used by one thread.
 */
final class PendingFiles {
  private final long lagNanos;
  private final Map<Path, Entry> entries = new LinkedHashMap<>();

  private static final class Entry {
    long size = -1;
    FileTime mtime;
    long since;
  }

  PendingFiles(Duration lag) {
    this.lagNanos = lag.toNanos();
  }

  /** A file event for {@code file} at {@code nowNanos}: (re)starts its quiet period. */
  void touch(Path file, long nowNanos) {
    Entry e = entries.computeIfAbsent(file, k -> new Entry());
    e.since = nowNanos;
  }

  boolean contains(Path file) {
    return entries.containsKey(file);
  }

  int size() {
    return entries.size();
  }

  /** Removes and returns the files that have settled by {@code nowNanos}, in arrival order. */
  List<Path> settled(long nowNanos) {
    List<Path> ready = new ArrayList<>();
    for (Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, Entry> me = it.next();
      Entry e = me.getValue();
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(me.getKey(), BasicFileAttributes.class);
      } catch (IOException gone) {
        it.remove();
        continue;
      }
      if (!a.isRegularFile()) {
        it.remove();
        continue;
      }
      if (e.mtime == null) {
        e.size = a.size(); // first look: the baseline
        e.mtime = a.lastModifiedTime();
      } else if (a.size() != e.size || !a.lastModifiedTime().equals(e.mtime)) {
        e.size = a.size(); // changed without an event reaching us: start again
        e.mtime = a.lastModifiedTime();
        e.since = nowNanos;
      }
      if (nowNanos - e.since >= lagNanos) {
        it.remove();
        ready.add(me.getKey());
      }
    }
    return ready;
  }
}
