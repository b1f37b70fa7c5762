package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class EncryptedChunkCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new EncryptedChunkChecker());
  }

  @Test
  void aChangedRootKeyFails() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("chunks/chunks.json", d -> {
      var c = VectorCopy.at(d, "encrypted_chunk");
      c.put("K_R_hex", VectorCopy.flipLastHexDigit(c.get("K_R_hex")));
    });
    assertThat(SharedSet.failed(new EncryptedChunkChecker().check(copy.dir())))
        .containsExactly("chunks/chunks.json encrypted_chunk");
  }
}
