package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging folders appear complete or not at all, and never replace a node unasked. */
class NodeFolderTest {
  @TempDir Path tmp;

  private long entries(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void stagingIsHiddenPrivateAndRemovedWhenNotInstalled() throws Exception {
    Path staging;
    try (NodeFolder f = NodeFolder.stage(tmp, "n")) {
      staging = f.staging();
      assertThat(staging.getParent()).isEqualTo(tmp);
      assertThat(staging.getFileName().toString()).startsWith(".n.provisioning-");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staging)))
          .isEqualTo("rwx------");
      Files.writeString(staging.resolve("n.crypto"), "secret");
    }
    assertThat(staging).doesNotExist();
    assertThat(entries(tmp)).isZero();
  }

  @Test
  void installRenamesInOneStep() throws Exception {
    try (NodeFolder f = NodeFolder.stage(tmp, "n")) {
      Files.writeString(f.staging().resolve("n.config"), "x");
      Path dir = f.install("n", false);
      assertThat(dir).isEqualTo(tmp.resolve("n"));
      assertThat(dir.resolve("n.config")).hasContent("x");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
    }
    assertThat(entries(tmp)).isEqualTo(1);
  }

  @Test
  void aNodeThatAppearedMeanwhileIsKeptAndStagingRemoved() throws Exception {
    try (NodeFolder f = NodeFolder.stage(tmp, "n")) {
      Files.writeString(f.staging().resolve("n.config"), "new");
      Files.createDirectory(tmp.resolve("n"));
      Files.writeString(tmp.resolve("n").resolve("n.config"), "old");
      assertThatThrownBy(() -> f.install("n", false)).isInstanceOf(ProvisionException.class)
          .hasMessageContaining("already exists");
    }
    assertThat(tmp.resolve("n").resolve("n.config")).hasContent("old");
    assertThat(entries(tmp)).isEqualTo(1);
  }

  @Test
  void forceReplacesAFolderButNotAFile() throws Exception {
    Files.createDirectory(tmp.resolve("n"));
    Files.writeString(tmp.resolve("n").resolve("old"), "old");
    try (NodeFolder f = NodeFolder.stage(tmp, "n")) {
      Files.writeString(f.staging().resolve("n.config"), "new");
      f.install("n", true);
    }
    assertThat(tmp.resolve("n").resolve("old")).doesNotExist();
    assertThat(tmp.resolve("n").resolve("n.config")).hasContent("new");
    assertThat(entries(tmp)).isEqualTo(1);

    Files.writeString(tmp.resolve("f"), "file");
    try (NodeFolder f = NodeFolder.stage(tmp, "f")) {
      assertThatThrownBy(() -> f.install("f", true)).hasMessageContaining("not a node folder");
    }
    assertThat(tmp.resolve("f")).hasContent("file");
    assertThat(entries(tmp)).isEqualTo(2);
  }

  @Test
  void outputDirChecks() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> NodeFolder.checkOutputDir(file)).hasMessageContaining("not a folder");
    assertThatThrownBy(() -> NodeFolder.checkOutputDir(file.resolve("sub")))
        .hasMessageContaining("cannot create");
    assertThat(NodeFolder.checkOutputDir(tmp.resolve("a/b"))).isDirectory();
  }
}
