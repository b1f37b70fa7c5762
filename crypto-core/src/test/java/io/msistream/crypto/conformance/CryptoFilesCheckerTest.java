package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class CryptoFilesCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new CryptoFilesChecker());
  }

  @Test
  void aChangedStorageKeyFailsOnlyItsFile() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("files.json", d -> {
      var parsed = VectorCopy.at(d, "crypto_files", 0, "parsed");
      parsed.put("storage_key_hex", VectorCopy.flipLastHexDigit(parsed.get("storage_key_hex")));
    });
    assertThat(SharedSet.failed(new CryptoFilesChecker().check(copy.dir())))
        .singleElement().asString().startsWith("files.json crypto_files[0] ");
  }
}
