package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class DerivationCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new DerivationChecker());
  }

  @Test
  void aChangedRootKeyFailsOnlyItsCase() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("derivation.json", d -> {
      var c = VectorCopy.at(d, "cases", 3);
      c.put("K_R_hex", VectorCopy.flipLastHexDigit(c.get("K_R_hex")));
    });
    var results = new DerivationChecker().check(copy.dir());
    assertThat(SharedSet.failed(results)).singleElement().asString().startsWith("derivation.json cases[3] ");
    assertThat(results.stream().filter(r -> !r.passed()).findFirst().orElseThrow().failure())
        .hasValueSatisfying(why -> assertThat(why).startsWith("K_R differs"));
  }
}
