package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios' file check fails for every kind of difference it is meant to catch. */
class FileTreeTest {
  private static final Set<String> TOOL = Set.of(".msistream-download");

  @TempDir Path dir;

  @Test
  void anIdenticalCopyPassesAndToolFoldersAreIgnored() throws Exception {
    FileTree t = FileTree.standard(1);
    t.writeTo(dir);
    Files.createDirectories(dir.resolve(".msistream-download/partial"));
    Files.write(dir.resolve(".msistream-download/partial/x.part"), new byte[] {1});
    t.assertExactlyIn(dir, TOOL);
    assertThat(t.presentIn(dir)).isEqualTo(t.size());
    assertThat(t.paths()).contains("empty file.dat", "données/été ü 日本.txt");
  }

  @Test
  void aChangedByteAMissingFileAnExtraFileOrAnExtraFolderFail() throws Exception {
    FileTree t = FileTree.small(1);
    t.writeTo(dir);
    Path f = dir.resolve("x/y/z.bin");
    byte[] b = Files.readAllBytes(f);
    b[100] ^= 1;
    Files.write(f, b);
    assertThatThrownBy(() -> t.assertExactlyIn(dir, TOOL)).isInstanceOf(AssertionError.class);

    t.writeTo(dir);
    Files.delete(dir.resolve("empty.dat"));
    assertThatThrownBy(() -> t.assertExactlyIn(dir, TOOL)).isInstanceOf(AssertionError.class);
    assertThat(t.presentIn(dir)).isEqualTo(t.size() - 1);

    t.writeTo(dir);
    Files.write(dir.resolve("x/stray.bin"), new byte[0]);
    assertThatThrownBy(() -> t.assertExactlyIn(dir, TOOL)).isInstanceOf(AssertionError.class);

    Files.delete(dir.resolve("x/stray.bin"));
    Files.createDirectories(dir.resolve("REJECTED_FILES"));
    assertThatThrownBy(() -> t.assertExactlyIn(dir, TOOL)).isInstanceOf(AssertionError.class);
    t.assertExactlyIn(dir, Set.of(".msistream-download", "REJECTED_FILES"));
  }

  @Test
  void fileDataInClearIsFound() {
    FileTree t = FileTree.small(2);
    byte[] content = t.content("notes.txt");
    byte[] wrapped = new byte[content.length + 10];
    System.arraycopy(content, 0, wrapped, 7, 40);
    assertThat(t.firstFileShownIn(wrapped, 32)).isEqualTo("notes.txt");
    assertThat(t.firstFileShownIn(new byte[100], 32)).isNull();
    assertThat(t.chunkCount(Lab.CHUNK)).isEqualTo(t.size());
    assertThat(FileTree.standard(1).chunkCount(Lab.CHUNK)).isGreaterThan(16);
  }
}
