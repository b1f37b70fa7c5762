package io.msistream.crypto.conformance;

import io.msistream.crypto.ini.Ini;
import io.msistream.crypto.ini.IniDialect;
import io.msistream.crypto.ini.IniException;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.KafkaUse;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code files.json} {@code config_samples}, each checked at two levels:
 * <ul>
 *   <li>INI ({@link Ini}, KafkaCrypto dialect): sections, raw and effective options (with
 *       {@code [DEFAULT]} inheritance and {@code %} interpolation), interpolation errors, parse
 *       errors with Python's class and line, the text after one {@code store_value}, that a lone
 *       {@code %} cannot be stored, and that what we write reads back the same;
 *   <li>typed ({@link NodeConfig}): {@code load_section} with and without defaults,
 *       {@code load_value} lookups, {@code get_kafka_config} selection and node-level refusals.
 * </ul>
 * Where Python's {@code get_kafka_config} raises {@code TypeError} for a numeric override (QUIRK),
 * we use the override's value instead.
 */
final class ConfigSamplesChecker extends VectorFileChecker {
  private static final HexFormat HEX = HexFormat.of();

  ConfigSamplesChecker() {
    super("files.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    return each(doc, "config_samples", s -> {
      String name = s.get("name").str();
      ini(name, s.get("text").str(), s.get("python_result"));
      typed(name, s.get("text").str(), s.get("python_result"));
    });
  }

  private static void ini(String name, String text, JsonValue pr) throws Exception {
    IniDialect dialect = IniDialect.kafkaCryptoNode();
    if (pr.has("error") && !pr.get("error").get("exception").str().equals("KafkaCryptoStoreError")) {
      JsonValue err = pr.get("error");
      String cls = err.get("exception").str();
      IniException e = Check.raises(IniException.class, () -> Ini.parse(text, dialect, name), "Python's " + cls);
      Check.equal("error kind for Python's " + cls, kind(cls), e.kind());
      long line = err.has("lineno") ? err.get("lineno").asLong()
          : err.get("errors").list().get(0).list().get(0).asLong();
      Check.equal("error line", line, (long) e.line());
      Check.that(e.getMessage().contains(name) && e.getMessage().contains("line " + line),
          "error message names the source and line: " + e.getMessage());
      return;
    }
    Ini ini = Ini.parse(text, dialect, name); // a node-level refusal still parses as INI
    if (!pr.has("sections")) {
      return; // refusals and get_kafka_config samples: see typed()
    }
    JsonValue sections = pr.get("sections");
    List<String> expectedSections = sections.keys().stream().filter(s -> !s.equals("DEFAULT")).toList();
    Check.equal("sections", expectedSections, ini.sections());
    for (String section : sections.keys()) {
      JsonValue s = sections.get(section);
      Check.equal("[" + section + "] own options", entries(s.get("own_options_raw")), entries(ini.ownRaw(section)));
      JsonValue eff = s.get("effective_options");
      Check.equal("[" + section + "] options", eff.keys(), ini.options(section));
      if (eff.keys().stream().allMatch(k -> eff.get(k).isString())) {
        Check.equal("[" + section + "] items", entries(eff), entries(ini.items(section)));
        continue;
      }
      // get() looks names up case-insensitively; items() shows them as stored
      for (String k : eff.keys()) {
        if (eff.get(k).isString()) {
          Check.equal("[" + section + "] " + k, Optional.of(eff.get(k).str()), ini.get(section, k));
        } else {
          IniException e = Check.raises(IniException.class, () -> ini.get(section, k), "[" + section + "] " + k);
          Check.equal("[" + section + "] " + k + " error", IniException.Kind.INTERPOLATION_SYNTAX, e.kind());
          Check.equal("error section", section, e.section());
          Check.equal("error option", k, e.option());
          Check.that(e.line() > 0 && e.line() == ini.lineOf(section, k), "error line " + e.line());
        }
      }
    }
    String nodeId = pr.get("node_id").str();
    Check.equal("text after store_value", pr.get("text_after_store_value").str(),
        ini.with(nodeId, "written_by_python", "yes").write());
    IniException lone = Check.raises(IniException.class, () -> ini.with(nodeId, "lone", "50%"), "storing a lone %");
    Check.equal("lone % error", IniException.Kind.INTERPOLATION_SYNTAX, lone.kind());
    Check.equal("written text read back", ini, Ini.parse(ini.write(), dialect, "rewritten"));
  }

  private static IniException.Kind kind(String pythonClass) throws CheckFailure {
    return switch (pythonClass) {
      case "ParsingError" -> IniException.Kind.SYNTAX;
      case "DuplicateOptionError" -> IniException.Kind.DUPLICATE_OPTION;
      case "DuplicateSectionError" -> IniException.Kind.DUPLICATE_SECTION;
      case "MissingSectionHeaderError" -> IniException.Kind.MISSING_SECTION_HEADER;
      default -> throw new CheckFailure("unexpected Python error class " + pythonClass);
    };
  }

  private static void typed(String name, String text, JsonValue pr) throws Exception {
    if (pr.has("error")) {
      NodeFileException e = Check.raises(NodeFileException.class, () -> NodeConfig.parse(text, name),
          "Python refused it");
      Check.that(e.getMessage().contains(name), "error names the source: " + e.getMessage());
      return;
    }
    NodeConfig c = NodeConfig.parse(text, name);
    Check.equal("migrated", false, c.migrated());
    if (pr.has("get_kafka_config")) {
      kafka(c, pr.get("get_kafka_config"));
      return;
    }
    Check.equal("node id", pr.get("node_id").str(), c.nodeId());
    JsonValue sections = pr.get("sections");
    for (String s : sections.keys()) {
      if (s.equals("DEFAULT") || !sections.get(s).has("load_section_defaults_False")) {
        continue; // Python's load_section reaches N and N-xyz only; other sections are INI-checked
      }
      String suffix = s.equals(c.nodeId()) ? null : s.substring(c.nodeId().length() + 1);
      for (String defaults : new String[] {"False", "True"}) {
        String what = "[" + s + "] load_section defaults=" + defaults;
        JsonValue expected = sections.get(s).get("load_section_defaults_" + defaults);
        if (expected.has("error")) {
          NodeFileException e = Check.raises(NodeFileException.class,
              () -> c.section(suffix, defaults.equals("True")), what);
          Check.instance(IniException.class, e.getCause(), what + " cause");
          continue;
        }
        List<String> ours = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : c.section(suffix, defaults.equals("True")).entrySet()) {
          ours.add(nameKey(e.getKey()) + "=" + describe(e.getValue()));
        }
        List<String> theirs = new ArrayList<>();
        for (String k : expected.keys()) {
          theirs.add(k + "=" + describe(expected.get(k)));
        }
        Check.equal(what, theirs, ours);
      }
    }
    for (JsonValue lv : pr.get("load_value").list()) {
      String suffix = Vectors.nullableString(lv.get("section_suffix"));
      String option = lv.get("name").str();
      if (lv.has("error")) {
        NodeFileException e = Check.raises(NodeFileException.class, () -> c.value(suffix, option),
            "load_value " + option);
        Check.that(e.getMessage().contains(option), "error names the option: " + e.getMessage());
        continue;
      }
      Optional<String> v = c.value(suffix, option).map(ConfigSamplesChecker::describe);
      boolean found = !lv.get("value").get("type").str().equals("not_found_default_returned");
      Check.equal("load_value " + option, found ? Optional.of(describe(lv.get("value"))) : Optional.empty(), v);
    }
    Check.equal("text after store_value", pr.get("text_after_store_value").str(),
        c.with(null, "written_by_python", new ConfigValue.TextValue("yes")).text());
  }

  private static void kafka(NodeConfig c, JsonValue expected) throws Exception {
    for (String key : expected.keys()) {
      KafkaUse use = key.startsWith("consumer") ? KafkaUse.CONSUMER : KafkaUse.PRODUCER;
      Map<String, ConfigValue> ours = c.kafkaConfig(use, key.endsWith("+crypto") ? "crypto" : null);
      JsonValue exp = expected.get(key);
      if (exp.has("error")) {
        // Python's TypeError (len() of an int override): we use the override instead, so every
        // non-empty value of the overlay sections, the last one of each name, is what we give
        Check.equal(key + " Python error", "TypeError", exp.get("error").get("exception").str());
        List<String> overlays = new ArrayList<>(List.of("kafka-" + use.suffix()));
        if (key.endsWith("+crypto")) {
          overlays.addAll(List.of("kafka-crypto", "kafka-crypto-" + use.suffix()));
        }
        Map<String, ConfigValue> overridden = new java.util.LinkedHashMap<>();
        for (String o : overlays) {
          c.section(o, false).forEach((k, v) -> {
            if (!(v instanceof ConfigValue.TextValue t && t.value().isEmpty())) {
              overridden.put(k, v);
            }
          });
        }
        Check.that(!overridden.isEmpty(), key + ": Python raised but the sample overrides nothing");
        for (Map.Entry<String, ConfigValue> o : overridden.entrySet()) {
          Check.equal(key + " " + o.getKey(), o.getValue(), ours.get(o.getKey()));
        }
        continue;
      }
      List<String> theirs = new ArrayList<>();
      for (String k : exp.keys()) {
        theirs.add(k + "=" + describe(exp.get(k)));
      }
      List<String> mine = new ArrayList<>();
      ours.forEach((k, v) -> mine.add(k + "=" + describe(v)));
      Check.equal("get_kafka_config " + key, theirs, mine);
    }
  }

  private static List<String> entries(JsonValue obj) {
    List<String> out = new ArrayList<>();
    for (String k : obj.keys()) {
      out.add(k + "=" + obj.get(k).str());
    }
    return out;
  }

  private static List<String> entries(Map<String, String> map) {
    List<String> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /** Python's load_section turns base64# names into bytes keys (shown as "bytes:<hex>"). */
  private static String nameKey(String name) {
    return name.startsWith("base64#") ? "bytes:" + HEX.formatHex(Base64.getDecoder().decode(name.substring(7))) : name;
  }

  private static String describe(ConfigValue v) {
    if (v instanceof ConfigValue.IntValue i) {
      return "int:" + i.value();
    } else if (v instanceof ConfigValue.FloatValue f) {
      return "float:" + (f.value() == 0 ? 0.0 : f.value()); // the JSON reader drops the sign of -0.0
    } else if (v instanceof ConfigValue.BoolValue b) {
      return "bool:" + b.value();
    } else if (v instanceof ConfigValue.BytesValue b) {
      return "bytes:" + HEX.formatHex(b.value());
    } else if (v instanceof ConfigValue.TextValue t) {
      return "str:" + t.value();
    }
    return "none";
  }

  /** Python's typed value as {@code {"type": ..., "value"/"hex": ...}}, described like ours. */
  private static String describe(JsonValue v) {
    String type = v.get("type").str();
    return switch (type) {
      case "int" -> "int:" + v.get("value").asBigInteger();
      case "float" -> {
        JsonValue f = v.get("value");
        double d = !f.isString() ? f.asDouble() : switch (f.str()) {
          case "NaN" -> Double.NaN;
          case "Infinity" -> Double.POSITIVE_INFINITY;
          case "-Infinity" -> Double.NEGATIVE_INFINITY;
          default -> throw new IllegalArgumentException(f.path() + ": not a float: " + f.str());
        };
        yield "float:" + (d == 0 ? 0.0 : d);
      }
      case "bool" -> "bool:" + v.get("value").asBoolean();
      case "bytes" -> "bytes:" + v.get("hex").str();
      case "str" -> "str:" + v.get("value").str();
      case "none" -> "none";
      default -> throw new IllegalArgumentException(v.path() + ": unknown type " + type);
    };
  }
}
