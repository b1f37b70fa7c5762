package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class SeedFilesCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new SeedFilesChecker());
  }

  @Test
  void aChangedFileAfterTheStepFailsOnlyItsSeed() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("files.json", d -> {
      var s = VectorCopy.at(d, "seed_files", 1);
      s.put("file_after_startup_step_hex", VectorCopy.flipLastHexDigit(s.get("file_after_startup_step_hex")));
    });
    assertThat(SharedSet.failed(new SeedFilesChecker().check(copy.dir())))
        .singleElement().asString().startsWith("files.json seed_files[1] ");
  }
}
