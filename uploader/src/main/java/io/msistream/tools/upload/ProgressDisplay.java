package io.msistream.tools.upload;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UploadDataFile}'s progress: a bar redrawn in place on a terminal
 * ({@code System.console() != null}), otherwise a plain log line every few seconds.
 */
abstract class ProgressDisplay {
  private static final Logger LOG = LoggerFactory.getLogger(UploadDataFile.class);

  static ProgressDisplay create(PrintStream terminal, String name) {
    return System.console() != null ? new Bar(terminal, name) : new Lines(name);
  }

  abstract void update(UploadDataFile.Outcome o);

  abstract void finish();

  static String percent(long done, long total) {
    return total <= 0 ? "" : String.format(Locale.ROOT, "%3d%%", Math.min(100, done * 100 / total));
  }

  /** A bar on one terminal line. */
  static final class Bar extends ProgressDisplay {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String name;
    private long lastDraw;
    private boolean drawn;

    Bar(PrintStream out, String name) {
      this.out = out;
      this.name = name;
    }

    @Override
    void update(UploadDataFile.Outcome o) {
      long now = System.nanoTime();
      if (drawn && now - lastDraw < 200_000_000L) {
        return;
      }
      lastDraw = now;
      drawn = true;
      out.print("\r" + line(o));
      out.flush();
    }

    String line(UploadDataFile.Outcome o) {
      long total = o.bytesTotal();
      long done = o.bytesAcked();
      if (total < 0) {
        return name + " reading the file to compute its hash...";
      }
      int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / Math.max(1, total));
      return String.format(Locale.ROOT, "%s [%s%s] %s %s / %s %s  ", name, "#".repeat(filled),
          ".".repeat(WIDTH - filled), percent(done, total), Progress.mb(done),
          Progress.mb(total), Progress.rate(o.progress.averageRate()));
    }

    @Override
    void finish() {
      if (drawn) {
        out.println();
        out.flush();
      }
    }
  }

  /** A log line every few seconds. */
  static final class Lines extends ProgressDisplay {
    private static final long EVERY = 5_000_000_000L;
    private final String name;
    private long last = System.nanoTime();

    Lines(String name) {
      this.name = name;
    }

    @Override
    void update(UploadDataFile.Outcome o) {
      long now = System.nanoTime();
      if (now - last < EVERY) {
        return;
      }
      last = now;
      long total = o.bytesTotal();
      if (total < 0) {
        LOG.info("{}: reading the file to compute its hash", name);
        return;
      }
      LOG.info("{}: {} of {} acknowledged ({}), {}", name, Progress.mb(o.bytesAcked()),
          Progress.mb(total), percent(o.bytesAcked(), total).strip(),
          Progress.rate(o.progress.rateSinceLast()));
    }

    @Override
    void finish() {}
  }
}
