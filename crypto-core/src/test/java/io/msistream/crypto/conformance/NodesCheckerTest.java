package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class NodesCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new NodesChecker(SharedSet.NOW));
  }

  @Test
  void aChangedSeedFailsOnlyItsNode() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("nodes/nodes.json", d -> {
      var seed = VectorCopy.at(d, "nodes", 2, "seed");
      seed.put("secret_hex", VectorCopy.flipLastHexDigit(seed.get("secret_hex")));
    });
    assertThat(SharedSet.failed(new NodesChecker(SharedSet.NOW).check(copy.dir())))
        .singleElement().asString().startsWith("nodes/nodes.json nodes[2] ");
  }

  @Test
  void anotherRootPasswordFailsTheRootAndEveryNodeChain() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("nodes/nodes.json", d -> d.put("rot_password", "not the password"));
    List<CaseResult> results = new NodesChecker(SharedSet.NOW).check(copy.dir());
    assertThat(results).isNotEmpty().noneMatch(CaseResult::passed);
    assertThat(results.get(0).label()).isEqualTo("nodes/nodes.json rot_password");
  }

  @Test
  void rolesComeFromTheProvisioningAnswersNotTheirDisplayName() throws Exception {
    // the role text is a label; simple-provision's answers (role choice, limited) decide the role
    VectorCopy copy = VectorCopy.of(tmp).edit("nodes/nodes.json", d -> {
      for (Object o : (List<?>) d.get("nodes")) {
        @SuppressWarnings("unchecked")
        var n = (java.util.Map<String, Object>) o;
        n.put("role", "role " + n.get("role") + " as labelled elsewhere");
      }
    });
    assertThat(SharedSet.failed(new NodesChecker(SharedSet.NOW).check(copy.dir()))).isEmpty();
    // and the answers are what is checked: a consumer recorded as a producer fails
    VectorCopy wrong = VectorCopy.of(tmp.resolve("wrong")).edit("nodes/nodes.json",
        d -> VectorCopy.at(d, "nodes", 1, "provisioning_answers").put("role_choice", 2L));
    assertThat(SharedSet.failed(new NodesChecker(SharedSet.NOW).check(wrong.dir())))
        .singleElement().asString().startsWith("nodes/nodes.json nodes[1] ");
  }
}
