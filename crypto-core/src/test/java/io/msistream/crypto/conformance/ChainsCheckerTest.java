package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ChainsCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new ChainsChecker());
  }

  @Test
  void anotherTopicForAValidChainFailsOnlyThatCase() throws Exception {
    List<JsonValue> cases = JsonValue.read(SharedSet.dir().resolve("chains.json")).get("cases").list();
    int index = 0;
    while (!(cases.get(index).get("expected").get("valid").asBoolean() && cases.get(index).get("topic").isString())) {
      index++;
    }
    int i = index;
    VectorCopy copy = VectorCopy.of(tmp).edit("chains.json",
        d -> VectorCopy.at(d, "cases", i).put("topic", "a_topic_no_certificate_names"));
    List<CaseResult> results = new ChainsChecker().check(copy.dir());
    assertThat(SharedSet.failed(results)).singleElement().asString().startsWith("chains.json cases[" + i + "] ");
    assertThat(results.stream().filter(r -> !r.passed()).findFirst().orElseThrow().failure())
        .contains("expected valid, got ChainValidationException(TOPIC)");
  }

  @Test
  void pythonsWordingOfARejectionIsNotPartOfTheVerdict() throws Exception {
    // README: reason texts are Python's own wording, for debugging only; a rejection with a
    // reason we have not seen still has to be a rejection, and only that
    List<JsonValue> cases = JsonValue.read(SharedSet.dir().resolve("chains.json")).get("cases").list();
    int index = 0;
    while (cases.get(index).get("expected").get("valid").asBoolean()
        || !cases.get(index).get("expected").get("error_class").str().equals("ProcessChainError")) {
      index++;
    }
    int i = index;
    VectorCopy copy = VectorCopy.of(tmp).edit("chains.json",
        d -> VectorCopy.at(d, "cases", i, "expected").put("reason", "Some wording of a later release."));
    assertThat(SharedSet.failed(new ChainsChecker().check(copy.dir()))).isEmpty();
    // a valid chain recorded as rejected with such a reason still fails
    int valid = 0;
    while (!cases.get(valid).get("expected").get("valid").asBoolean()) {
      valid++;
    }
    int v = valid;
    VectorCopy changed = VectorCopy.of(tmp.resolve("second")).edit("chains.json", d -> {
      var e = VectorCopy.at(d, "cases", v, "expected");
      e.put("valid", false);
      e.put("error_class", "ProcessChainError");
      e.put("message", "Error during Validation:");
      e.put("reason", "Some wording of a later release.");
    });
    assertThat(SharedSet.failed(new ChainsChecker().check(changed.dir())))
        .singleElement().asString().startsWith("chains.json cases[" + v + "] ");
  }
}
