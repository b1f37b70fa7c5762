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

  @Test
  void pythonsNumericOverrideQuirkIsCheckedAgainstTheSampleNotFixedValues() throws Exception {
    // the same quirk with another option and value: the override in the sample must win
    VectorCopy copy = VectorCopy.of(tmp).edit("files.json", d -> {
      @SuppressWarnings("unchecked")
      var samples = (java.util.List<Object>) d.get("config_samples");
      for (Object o : samples) {
        @SuppressWarnings("unchecked")
        var c = (java.util.Map<String, Object>) o;
        String text = (String) c.get("text");
        if (text.contains("max_poll_records : 500")) {
          c.put("text", text.replace("max_poll_records : 500", "fetch_min_bytes : 500")
              .replace("max_poll_records : 100", "fetch_min_bytes : 7"));
          var kc = VectorCopy.at(c, "python_result", "get_kafka_config");
          for (String use : new String[] {"producer", "producer+crypto"}) {
            @SuppressWarnings("unchecked")
            var m = (java.util.Map<String, Object>) kc.get(use);
            var renamed = new java.util.LinkedHashMap<String, Object>();
            m.forEach((k, v) -> renamed.put(k.equals("max_poll_records") ? "fetch_min_bytes" : k, v));
            kc.put(use, renamed);
          }
        }
      }
    });
    assertThat(SharedSet.failed(new ConfigSamplesChecker().check(copy.dir()))).isEmpty();
  }
}
