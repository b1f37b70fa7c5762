package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ConfigSamplesCheckerTest {
  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> sharedSet() {
    return SharedSet.cases(new ConfigSamplesChecker());
  }

  @Test
  void aChangedWrittenTextFailsOnlyItsSample() throws Exception {
    VectorCopy copy = VectorCopy.of(tmp).edit("files.json", d -> {
      var pr = VectorCopy.at(d, "config_samples", 1, "python_result");
      pr.put("text_after_store_value", pr.get("text_after_store_value") + "extra : line\n");
    });
    assertThat(SharedSet.failed(new ConfigSamplesChecker().check(copy.dir())))
        .singleElement().asString().startsWith("files.json config_samples[1] ");
  }
}
