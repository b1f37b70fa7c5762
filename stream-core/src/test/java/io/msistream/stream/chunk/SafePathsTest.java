package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafePathsTest {
  @TempDir Path out;

  @Test
  void acceptsPlainRelativeLocations() throws Exception {
    assertThat(SafePaths.resolve(out, "", "a.dat", "")).isEqualTo(out.resolve("a.dat"));
    assertThat(SafePaths.resolve(out, "x/y z", "a b;c[1].dat", ""))
        .isEqualTo(out.resolve("x").resolve("y z").resolve("a b;c[1].dat"));
    assertThat(SafePaths.resolve(out, "..x/.y", "...", "")).isEqualTo(out.resolve("..x/.y/...")); // dots in names are fine
    assertThat(SafePaths.resolve(out, "", "12:30.dat", "")).isEqualTo(out.resolve("12:30.dat")); // ':' mid-name is fine
    assertThat(SafePaths.resolve(out, "d", "scan.tar.gz", "_v2").getFileName())
        .hasToString("scan.tar_v2.gz");
  }

  @Test
  void rejectsEverythingThatCouldLeaveTheOutputDirectory() {
    String[][] bad = {
      {"/etc", "passwd"}, {"../../etc", "x"}, {"a/../..", "x"}, {"a/..", "x"}, {"a//b", "x"},
      {"a/", "x"}, {"./a", "x"}, {"a\\..\\..", "x"}, {"C:/Windows", "x"}, {"c:", "x"},
      {"a\0b", "x"}, {"", ""}, {"", "."}, {"", ".."}, {"", "a/b"}, {"", "..\\x"}, {"", "C:x"},
      {"", "nul\0.txt"}, {"", "/abs"},
    };
    for (String[] b : bad) {
      assertThatThrownBy(() -> SafePaths.resolve(out, b[0], b[1], "")).as(b[0] + " | " + b[1])
          .isInstanceOf(UnsafePathException.class);
    }
    assertThatThrownBy(() -> SafePaths.resolve(out, "", "a.txt", "/../x"))
        .isInstanceOf(UnsafePathException.class).hasMessageContaining("filename_append");
  }

  /**
   * Windows drops trailing dots and spaces and opens devices for CON, NUL, COM1...: on a Windows
   * file system such names are refused (they would land elsewhere), on others they are kept.
   */
  @Test
  void namesWindowsWouldChangeAreRefusedOnWindowsOnly() throws Exception {
    String[][] changed = {
      {"", "..."}, {"", "a."}, {"", "a "}, {"d.", "x"}, {"a/.../b", "x"}, {"", "CON"},
      {"", "nul.txt"}, {"com1", "x"}, {"", "Lpt9.log"}, {"", "aux.tar.gz"},
    };
    for (String[] c : changed) {
      assertThatThrownBy(() -> SafePaths.resolve(out, c[0], c[1], "", true))
          .as(c[0] + " | " + c[1]).isInstanceOf(UnsafePathException.class);
      assertThat(SafePaths.resolve(out, c[0], c[1], "", false)).as(c[0] + " | " + c[1])
          .startsWithRaw(out);
    }
    assertThatThrownBy(() -> SafePaths.resolve(out, "", "a", " ", true))
        .isInstanceOf(UnsafePathException.class).hasMessageContaining("dot or a space");
    assertThat(SafePaths.resolve(out, "", "a", " ", false)).isEqualTo(out.resolve("a "));
    for (String ok : new String[] {"console.txt", "nul_data", "com10", "lpt", "a.b", ".hidden"}) {
      assertThat(SafePaths.resolve(out, "", ok, "", true)).isEqualTo(out.resolve(ok));
    }
    assertThat(SafePaths.resolve(out, "", "...", "")).as("this file system's own rules")
        .isEqualTo(out.resolve("..."));
  }

  @Test
  void rejectsSymbolicLinksThatPointOutside() throws Exception {
    Path outside = Files.createTempDirectory("outside");
    try {
      Files.createSymbolicLink(out.resolve("link"), outside);
      assertThatThrownBy(() -> SafePaths.resolve(out, "link/sub", "x", ""))
          .isInstanceOf(UnsafePathException.class).hasMessageContaining("symbolic link");
      Files.createDirectories(out.resolve("real"));
      Files.createSymbolicLink(out.resolve("inner"), out.resolve("real"));
      assertThat(SafePaths.resolve(out, "inner", "x", "")).isEqualTo(out.resolve("inner/x"));
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void messagesShowControlCharactersEscaped() {
    assertThatThrownBy(() -> SafePaths.resolve(out, "\tx/..", "f", ""))
        .hasMessageContaining("'\\x09x/..'");
  }

  @Test
  void appendFollowsPathlibSuffixRule() {
    assertThat(SafePaths.withAppend("a.txt", "_1")).isEqualTo("a_1.txt");
    assertThat(SafePaths.withAppend(".bashrc", "_1")).isEqualTo(".bashrc_1");
    assertThat(SafePaths.withAppend("noext", "_1")).isEqualTo("noext_1");
    assertThat(SafePaths.withAppend("trail.", "_1")).isEqualTo("trail._1");
    assertThat(SafePaths.withAppend("a.txt", "")).isEqualTo("a.txt");
  }
}
