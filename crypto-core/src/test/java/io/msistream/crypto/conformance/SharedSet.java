package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** Runs checkers on the shared set (read in place), one JUnit test per case. */
final class SharedSet {
  /** The shared set's own "now" (chains.json {@code default_now}), so results do not depend on the clock. */
  static final double NOW = SharedVectors.json("chains.json").get("default_now").asDouble();

  private SharedSet() {}

  static Path dir() {
    return SharedVectors.interopDir();
  }

  /** One dynamic test per case of {@code checker} on the shared set; each must pass. */
  static Stream<DynamicTest> cases(Checker checker) {
    List<CaseResult> results = checker.check(dir());
    assertThat(results).as("cases of %s", checker.file()).isNotEmpty();
    return results.stream().map(r -> dynamicTest(r.label(),
        () -> assertThat(r.failure()).as(r.label()).isEmpty()));
  }

  /** The labels of the failed results. */
  static List<String> failed(List<CaseResult> results) {
    return results.stream().filter(r -> !r.passed()).map(CaseResult::label).toList();
  }
}
