package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.ini.IniException;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * files.json config_samples through KafkaCrypto's typed layer: load_section (with and without
 * defaults), load_value lookups, the text after store_value, get_kafka_config and refusals.
 */
class NodeConfigVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> samples() {
    return SharedVectors.json("files.json").get("config_samples").list().stream()
        .map(s -> Arguments.of(s.get("name").str(), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void matchesPython(String name, JsonValue sample) throws Exception {
    String text = sample.get("text").str();
    JsonValue pr = sample.get("python_result");
    if (pr.has("error")) {
      assertThatThrownBy(() -> NodeConfig.parse(text, name))
          .isInstanceOf(NodeFileException.class).hasMessageContaining(name);
      return;
    }
    NodeConfig c = NodeConfig.parse(text, name);
    assertThat(c.migrated()).isFalse();
    if (pr.has("get_kafka_config")) {
      checkKafka(c, pr.get("get_kafka_config"));
      return;
    }
    assertThat(c.nodeId()).isEqualTo(pr.get("node_id").str());
    JsonValue sections = pr.get("sections");
    for (String s : sections.keys()) {
      if (s.equals("DEFAULT")) {
        continue;
      }
      String suffix = s.equals(c.nodeId()) ? null : s.substring(c.nodeId().length() + 1);
      for (boolean defaults : new boolean[] {false, true}) {
        JsonValue expected = sections.get(s).get("load_section_defaults_" + (defaults ? "True" : "False"));
        if (expected.has("error")) {
          assertThatThrownBy(() -> c.section(suffix, defaults))
              .isInstanceOfSatisfying(NodeFileException.class,
                  e -> assertThat(e.getCause()).isInstanceOf(IniException.class));
          continue;
        }
        Map<String, String> ours = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : c.section(suffix, defaults).entrySet()) {
          ours.put(nameKey(e.getKey()), describe(e.getValue()));
        }
        Map<String, String> theirs = new LinkedHashMap<>();
        for (String k : expected.keys()) {
          theirs.put(k, describe(expected.get(k)));
        }
        assertThat(ours).as("[%s] defaults=%s", s, defaults).containsExactlyEntriesOf(theirs);
      }
    }
    for (JsonValue lv : pr.get("load_value").list()) {
      String suffix = lv.get("section_suffix").isNull() ? null : lv.get("section_suffix").str();
      String option = lv.get("name").str();
      if (lv.has("error")) {
        assertThatThrownBy(() -> c.value(suffix, option)).isInstanceOf(NodeFileException.class)
            .hasMessageContaining(option);
        continue;
      }
      Optional<ConfigValue> v = c.value(suffix, option);
      if (lv.get("value").get("type").str().equals("not_found_default_returned")) {
        assertThat(v).as(option).isEmpty();
      } else {
        assertThat(v).as(option).isPresent();
        assertThat(describe(v.get())).as(option).isEqualTo(describe(lv.get("value")));
      }
    }
    assertThat(c.with(null, "written_by_python", new ConfigValue.TextValue("yes")).text())
        .isEqualTo(pr.get("text_after_store_value").str());
  }

  private static void checkKafka(NodeConfig c, JsonValue expected) throws Exception {
    for (String key : expected.keys()) {
      KafkaUse use = key.startsWith("consumer") ? KafkaUse.CONSUMER : KafkaUse.PRODUCER;
      String extra = key.endsWith("+crypto") ? "crypto" : null;
      JsonValue exp = expected.get(key);
      Map<String, ConfigValue> ours = c.kafkaConfig(use, extra);
      if (exp.has("error")) {
        // Python's TypeError quirk (len() of an int override): we replace the value instead
        assertThat(exp.get("error").get("exception").str()).isEqualTo("TypeError");
        assertThat(ours.get("max_poll_records")).isEqualTo(ConfigValue.IntValue.of(100));
        continue;
      }
      List<String> theirs = new ArrayList<>();
      for (String k : exp.keys()) {
        theirs.add(k + "=" + describe(exp.get(k)));
      }
      List<String> mine = new ArrayList<>();
      ours.forEach((k, v) -> mine.add(k + "=" + describe(v)));
      assertThat(mine).as(key).containsExactlyElementsOf(theirs);
    }
  }

  /** Python's load_section turns base64# names into bytes keys (shown as "bytes:<hex>"). */
  private static String nameKey(String name) {
    if (name.startsWith("base64#")) {
      return "bytes:" + HEX.formatHex(Base64.getDecoder().decode(name.substring(7)));
    }
    return name;
  }

  private static String describe(ConfigValue v) {
    if (v instanceof ConfigValue.IntValue i) {
      return "int:" + i.value();
    }
    if (v instanceof ConfigValue.FloatValue f) {
      return "float:" + (f.value() == 0 ? 0.0 : f.value()); // the JSON reader drops the sign of -0.0
    }
    if (v instanceof ConfigValue.BoolValue b) {
      return "bool:" + b.value();
    }
    if (v instanceof ConfigValue.BytesValue b) {
      return "bytes:" + HEX.formatHex(b.value());
    }
    if (v instanceof ConfigValue.TextValue t) {
      return "str:" + t.value();
    }
    return "none";
  }

  private static String describe(JsonValue v) {
    String type = v.get("type").str();
    switch (type) {
      case "int":
        return "int:" + v.get("value").asBigInteger();
      case "float":
        JsonValue f = v.get("value");
        double d = f.isString() ? switch (f.str()) {
          case "NaN" -> Double.NaN;
          case "Infinity" -> Double.POSITIVE_INFINITY;
          case "-Infinity" -> Double.NEGATIVE_INFINITY;
          default -> throw new AssertionError(f.str());
        } : f.asDouble();
        return "float:" + (d == 0 ? 0.0 : d);
      case "bool":
        return "bool:" + v.get("value").asBoolean();
      case "bytes":
        return "bytes:" + v.get("hex").str();
      case "str":
        return "str:" + v.get("value").str();
      case "none":
        return "none";
      default:
        throw new AssertionError("unknown type " + type);
    }
  }
}
