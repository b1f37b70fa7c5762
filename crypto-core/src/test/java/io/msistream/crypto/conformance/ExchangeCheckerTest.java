package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ExchangeCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new ExchangeChecker(SharedSet.NOW));
  }

  @Test
  void aChangedSharedSecretFailsBothSidesOfThatTranscriptOnly() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("exchange.json", d -> {
      var shared = VectorCopy.at(d, "transcripts", 2, "shared");
      shared.put("SS_hex", VectorCopy.flipLastHexDigit(shared.get("SS_hex")));
    });
    assertThat(SharedSet.failed(new ExchangeChecker(SharedSet.NOW).check(copy.dir())))
        .hasSize(2).allSatisfy(l -> assertThat(l).startsWith("exchange.json transcripts[2] "))
        .anySatisfy(l -> assertThat(l).endsWith("/consumer"))
        .anySatisfy(l -> assertThat(l).endsWith("/producer"));
  }

  @Test
  void chainsAreRejectedAfterTheNodeCertificatesExpire() {
    double farFuture = SharedSet.NOW + 100 * 365 * 86400.0;
    assertThat(SharedSet.failed(new ExchangeChecker(farFuture).check(SharedSet.dir())))
        .isNotEmpty().allSatisfy(l -> assertThat(l).endsWith("/chains"));
  }
}
