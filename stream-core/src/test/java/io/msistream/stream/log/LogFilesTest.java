package io.msistream.stream.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LogFilesTest {
  private static final Path DEF = Path.of("/data/upload/LOGS");

  @Test
  void spec52Semantics() {
    assertThat(LogFiles.resolve(null, DEF, "DataFileUploadDirectory"))
        .isEqualTo(Path.of("/data/upload/LOGS/DataFileUploadDirectory.log"));
    assertThat(LogFiles.resolve("/var/log/msi", DEF, "P")).isEqualTo(Path.of("/var/log/msi/P.log"));
    // a last component with a '.' names a file: its parent is the directory, the name is ignored
    assertThat(LogFiles.resolve("/var/log/msi/custom.txt", DEF, "P"))
        .isEqualTo(Path.of("/var/log/msi/P.log"));
    assertThat(LogFiles.resolve("/var/log/v1.2", DEF, "P")).isEqualTo(Path.of("/var/log/P.log"));
    assertThat(LogFiles.resolve("rel", DEF, "P"))
        .isEqualTo(Path.of("").toAbsolutePath().resolve("rel/P.log"));
    assertThat(LogFiles.resolve("x.log", DEF, "P"))
        .isEqualTo(Path.of("").toAbsolutePath().resolve("P.log"));
    assertThat(LogFiles.resolve(" ", DEF, "P")).isEqualTo(DEF.resolve("P.log"));
  }
}
