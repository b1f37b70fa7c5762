package io.msistream.crypto.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The INI layer against files.json {@code config_samples}: what Python's ConfigParser (KafkaCrypto
 * dialect) stored, inherited, interpolated, rejected and wrote back. Typed values and KafkaCrypto's
 * own lookups are tested in the node package.
 */
class IniKafkaCryptoVectorsTest {

  static Stream<Arguments> samples() {
    return SharedVectors.json("files.json").get("config_samples").list().stream()
        .map(s -> Arguments.of(s.get("name").str(), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void parsesLikePython(String name, JsonValue sample) throws Exception {
    String text = sample.get("text").str();
    JsonValue pr = sample.get("python_result");
    if (pr.has("error")) {
      JsonValue err = pr.get("error");
      String cls = err.get("exception").str();
      if (cls.equals("KafkaCryptoStoreError")) {
        Ini.parse(text, IniDialect.kafkaCryptoNode(), name); // a node-level refusal, INI is fine
        return;
      }
      IniException e = catchThrowableOfType(
          () -> Ini.parse(text, IniDialect.kafkaCryptoNode(), name), IniException.class);
      assertThat(e).as("must fail like Python's %s", cls).isNotNull();
      assertThat(e.kind()).isEqualTo(expectedKind(cls));
      int line = err.has("lineno") ? (int) err.get("lineno").asLong()
          : (int) err.get("errors").list().get(0).list().get(0).asLong();
      assertThat(e.line()).isEqualTo(line);
      assertThat(e.getMessage()).contains(name).contains("line " + line);
      return;
    }
    Ini ini = Ini.parse(text, IniDialect.kafkaCryptoNode(), name);
    if (!pr.has("sections")) {
      return; // get_kafka_config samples: checked in the node package
    }
    JsonValue sections = pr.get("sections");
    List<String> expectedSections = sections.keys().stream().filter(s -> !s.equals("DEFAULT")).toList();
    assertThat(ini.sections()).containsExactlyElementsOf(expectedSections);
    for (String section : sections.keys()) {
      JsonValue s = sections.get(section);
      assertThat(ini.ownRaw(section)).as(section).containsExactlyEntriesOf(strings(s.get("own_options_raw")));
      JsonValue eff = s.get("effective_options");
      boolean anyError = eff.keys().stream().anyMatch(k -> !eff.get(k).isString());
      assertThat(ini.options(section)).containsExactlyElementsOf(eff.keys());
      if (!anyError) {
        assertThat(ini.items(section)).containsExactlyEntriesOf(strings(eff));
        continue;
      }
      for (String k : eff.keys()) {
        if (eff.get(k).isString()) {
          assertThat(ini.get(section, k)).contains(eff.get(k).str());
        } else {
          IniException e = catchThrowableOfType(() -> ini.get(section, k), IniException.class);
          assertThat(e).isNotNull();
          assertThat(e.kind()).isEqualTo(IniException.Kind.INTERPOLATION_SYNTAX);
          assertThat(e.section()).isEqualTo(section);
          assertThat(e.option()).isEqualTo(k);
          assertThat(e.line()).isEqualTo(ini.lineOf(section, k)).isPositive();
        }
      }
    }
    // what Python writes after store_value("written_by_python", "yes") in [<node id>]
    String nodeId = pr.get("node_id").str();
    assertThat(ini.with(nodeId, "written_by_python", "yes").write())
        .isEqualTo(pr.get("text_after_store_value").str());
    // a lone '%' cannot be stored (configparser's before_set check)
    assertThatThrownBy(() -> ini.with(nodeId, "lone", "50%"))
        .isInstanceOfSatisfying(IniException.class,
            e -> assertThat(e.kind()).isEqualTo(IniException.Kind.INTERPOLATION_SYNTAX));
    // and what we write reads back to the same document
    assertThat(Ini.parse(ini.write(), IniDialect.kafkaCryptoNode(), "rewritten")).isEqualTo(ini);
  }

  private static IniException.Kind expectedKind(String pythonClass) {
    switch (pythonClass) {
      case "ParsingError":
        return IniException.Kind.SYNTAX;
      case "DuplicateOptionError":
        return IniException.Kind.DUPLICATE_OPTION;
      case "DuplicateSectionError":
        return IniException.Kind.DUPLICATE_SECTION;
      case "MissingSectionHeaderError":
        return IniException.Kind.MISSING_SECTION_HEADER;
      default:
        throw new AssertionError("unexpected Python error class " + pythonClass);
    }
  }

  private static Map<String, String> strings(JsonValue obj) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : obj.keys()) {
      m.put(k, obj.get(k).str());
    }
    return m;
  }
}
