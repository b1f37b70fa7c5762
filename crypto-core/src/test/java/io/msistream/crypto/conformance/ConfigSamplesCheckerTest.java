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

  @Test
  void aSectionOfNoNodeIsCheckedAsIniOnly() throws Exception {
    // Python's load_section reaches only N and N-xyz sections: another section in a sample has
    // INI results but no load_section results
    VectorCopy copy = VectorCopy.of(tmp).edit("files.json", d -> {
      var c = VectorCopy.at(d, "config_samples", 3);
      String text = (String) c.get("text");
      c.put("text", text + "\n[shared]\nowner : lab\n");
      var sections = VectorCopy.at(c, "python_result", "sections");
      var own = new java.util.LinkedHashMap<String, Object>(java.util.Map.of("owner", "lab"));
      var eff = new java.util.LinkedHashMap<String, Object>(own);
      eff.putAll(VectorCopy.at(sections, "DEFAULT", "effective_options"));
      sections.put("shared", new java.util.LinkedHashMap<String, Object>(
          java.util.Map.of("own_options_raw", own, "effective_options", eff)));
      var pr = VectorCopy.at(c, "python_result");
      String after = (String) pr.get("text_after_store_value");
      String node = (String) pr.get("node_id");
      // Python writes sections in file order; store_value appends to [node] wherever it is
      pr.put("text_after_store_value", after.contains("[" + node + "]\n")
          ? after.replace("written_by_python : yes\n\n", "written_by_python : yes\n\n[shared]\nowner : lab\n\n")
          : after);
    });
    assertThat(new ConfigSamplesChecker().check(copy.dir())).filteredOn(r -> !r.passed())
        .extracting(CaseResult::line).isEmpty();
  }
}
