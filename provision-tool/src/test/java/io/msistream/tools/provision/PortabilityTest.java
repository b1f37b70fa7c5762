package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What differs between operating systems: the Python command, file systems without modes. */
class PortabilityTest {
  @TempDir Path tmp;

  @Test
  void pythonIsPython3ExceptOnWindows() {
    assertThat(ToolEnv.defaultPython("Linux")).isEqualTo("python3");
    assertThat(ToolEnv.defaultPython("Mac OS X")).isEqualTo("python3");
    assertThat(ToolEnv.defaultPython("Windows 11")).isEqualTo("python");
    assertThat(ToolEnv.defaultPython("Windows Server 2022")).isEqualTo("python");
  }

  @Test
  void noWarningWhereTheFileSystemCanRestrictSecrets() {
    assertThat(ProvisionNode.warnIfUnprotected(tmp)).isFalse();
  }

  /** The JDK's zip file system has neither POSIX modes nor ACLs, like FAT32 on a USB stick. */
  @Test
  void warnsWhereTheFileSystemCannotRestrictSecrets() throws Exception {
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + tmp.resolve("f.zip").toUri()),
        Map.of("create", "true"))) {
      Path dir = Files.createDirectory(fs.getPath("/node"));
      assertThat(ProvisionNode.warnIfUnprotected(dir)).isTrue();
    }
  }
}
