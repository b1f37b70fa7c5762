package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseResultTest {
  @Test
  void linesLeaveOutEmptyPartsAndFitOnOneLine() {
    assertThat(CaseResult.pass("derivation.json", "cases[3]", "spec_example").line())
        .isEqualTo("PASS derivation.json cases[3] spec_example");
    assertThat(CaseResult.fail("chains.json", "cases[17]", "regex_topic_consumer_request",
        "expected valid, got ChainValidationException(TOPIC)").line())
        .isEqualTo("FAIL chains.json cases[17] regex_topic_consumer_request: expected valid, got ChainValidationException(TOPIC)");
    assertThat(CaseResult.fail("chains.json", "", "", "cannot read:\n  line 3\tcolumn 2").line())
        .isEqualTo("FAIL chains.json: cannot read: line 3 column 2");
    assertThat(CaseResult.fail("x.json", "a", "", "").line()).isEqualTo("FAIL x.json a: failed");
    assertThat(CaseResult.fail("x.json", "a", "", "y".repeat(1000)).line()).hasSizeLessThan(420).endsWith("...");
  }
}
