package io.msistream.crypto.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {
  @TempDir Path dir;

  @Test
  void rewritesAtomicallyKeepingPermissionsAndLeavingNoTemporaryFile() throws Exception {
    Path f = dir.resolve("n.config");
    Files.writeString(f, "[DEFAULT]\nnode_id : n\n; comment\n[n]\na : 1\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    Ini ini = IniFile.read(f, IniDialect.kafkaCryptoNode());
    IniFile.writeAtomically(f, ini.with("n", "b", "2"));
    assertThat(Files.readString(f)).isEqualTo("[DEFAULT]\nnode_id : n\n\n[n]\na : 1\nb : 2\n\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(f);
    }
  }

  @Test
  void createsNewFiles() throws Exception {
    Path f = dir.resolve("new.ini");
    IniFile.writeAtomically(f, Ini.empty(IniDialect.python(), "new").with("a", "b", "c"));
    assertThat(IniFile.read(f, IniDialect.python()).get("a", "b")).contains("c");
  }

  @Test
  void readErrorsAreTyped() throws Exception {
    assertThatThrownBy(() -> IniFile.read(dir.resolve("missing"), IniDialect.python()))
        .isInstanceOfSatisfying(IniException.class, e -> {
          assertThat(e.kind()).isEqualTo(IniException.Kind.IO);
          assertThat(e.getMessage()).contains("missing");
        });
    Path latin1 = dir.resolve("latin1.ini");
    Files.write(latin1, "[s]\na = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> IniFile.read(latin1, IniDialect.python()))
        .isInstanceOfSatisfying(IniException.class,
            e -> assertThat(e.kind()).isEqualTo(IniException.Kind.ENCODING));
  }

  @Test
  void writeFailureReportsIoAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("taken");
    Files.createDirectories(target.resolve("child")); // a non-empty folder cannot be replaced
    assertThatThrownBy(() -> IniFile.writeAtomically(target, Ini.empty(IniDialect.python(), "x")))
        .isInstanceOfSatisfying(IniException.class, e -> {
          assertThat(e.kind()).isEqualTo(IniException.Kind.IO);
          assertThat(e.source()).isEqualTo(target.toString());
        });
    assertThat(Files.isDirectory(target.resolve("child"))).isTrue();
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(target);
    }
  }
}
