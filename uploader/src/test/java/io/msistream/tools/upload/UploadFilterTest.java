package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UploadFilterTest {
  private final Path root = Path.of("/data/watched");
  private final UploadFilter dflt = UploadFilter.of(root, root.resolve("LOGS"),
      UploadFilter.DEFAULT_REGEX);

  private boolean ok(UploadFilter f, String rel) {
    return f.accepts(root.resolve(rel));
  }

  @Test
  void defaultUploadsWhatUpstreamMeantTo() {
    for (String rel : new String[] {"catalog.csv", "blog/post.txt", "dialog.txt",
        "2024_logbook.dat", "logfile.txt", "a/b/scan.dat", "x.logs", "log", "ünï/ok.bin",
        "with space;semi.dat"}) {
      assertThat(ok(dflt, rel)).as(rel).isTrue();
    }
  }

  @Test
  void defaultLeavesOutHiddenLogsAndTheLogsFolder() {
    for (String rel : new String[] {".hidden", "a/.hidden", ".git/config", "a/.cache/x.dat",
        "x.log", "a/b/run.LOG", "LOGS/DataFileUploadDirectory.log", "LOGS/uploaded_to_t.csv"}) {
      assertThat(ok(dflt, rel)).as(rel).isFalse();
    }
    assertThat(dflt.accepts(Path.of("/elsewhere/x.dat"))).isFalse();
    assertThat(dflt.accepts(root)).isFalse();
  }

  @Test
  void upstreamsOwnDefaultKeepsItsBugWhenGivenExplicitly() {
    UploadFilter upstream = UploadFilter.of(root, root.resolve("LOGS"), "^((?!(\\.|.*.log))).*$");
    assertThat(ok(upstream, "catalog.csv")).isFalse();
    assertThat(ok(upstream, "blog/post.txt")).isFalse();
    assertThat(ok(upstream, "logfile.txt")).isTrue();
    assertThat(ok(upstream, "x.LOG")).isTrue();
  }

  @Test
  void pythonSyntaxAndMatchAtStartOnly() {
    UploadFilter named = UploadFilter.of(root, root.resolve("LOGS"),
        "(?P<dir>raw)/(?P=dir)_.*\\.dat\\Z");
    assertThat(ok(named, "raw/raw_1.dat")).isTrue();
    assertThat(ok(named, "raw/cooked_1.dat")).isFalse();
    UploadFilter prefix = UploadFilter.of(root, root.resolve("LOGS"), "images");
    assertThat(ok(prefix, "images/a.tif")).isTrue(); // re.match: anchored at the start only
    assertThat(ok(prefix, "x/images/a.tif")).isFalse();
  }

  @Test
  void pythonSemanticsAndSyntaxThatJavaReadsDifferently() {
    // Python group names may have underscores; \w is Unicode; {,n} is a repeat; '.' skips only \n
    UploadFilter f = UploadFilter.of(root, root.resolve("LOGS"),
        "(?P<run_dir>run\\d{,2})/\\w+\\.dat$");
    assertThat(ok(f, "run7/ünï.dat")).isTrue();
    assertThat(ok(f, "run123/a.dat")).isFalse();
    UploadFilter literalBrace = UploadFilter.of(root, root.resolve("LOGS"), "a{b");
    assertThat(ok(literalBrace, "a{b.dat")).isTrue();
    UploadFilter dot = UploadFilter.of(root, root.resolve("LOGS"), "a.b");
    assertThat(ok(dot, "a\rb")).isTrue();
  }

  @Test
  void logsDirElsewhereIsNotSpecial() {
    UploadFilter f = UploadFilter.of(root, Path.of("/var/log/up"), UploadFilter.DEFAULT_REGEX);
    assertThat(ok(f, "LOGS/x.dat")).isTrue();
    assertThat(f.watchDirectory(root.resolve("LOGS"))).isTrue();
    assertThat(dflt.watchDirectory(root.resolve("LOGS"))).isFalse();
    assertThat(dflt.relativePath(root.resolve("a/b.dat"))).isEqualTo("a/b.dat");
  }
}
