package io.msistream.crypto.node;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a node's Kafka settings ({@link NodeConfig#kafkaConfig}, kafka-python names) into
 * Java Kafka client properties (spec 8.1). Rules, in order:
 *
 * <ul>
 *   <li>dotted names (librdkafka/Java style) pass through unchanged;
 *   <li>{@code sasl_plain_username}/{@code sasl_plain_password} become {@code sasl.jaas.config}
 *       with the PLAIN login module, or the SCRAM one when {@code sasl_mechanism} is SCRAM-*;
 *   <li>{@code ssl_cafile} becomes {@code ssl.truststore.type=PEM} and
 *       {@code ssl.truststore.location}; {@code ssl_certfile} (holding key and certificate, or with
 *       an equal {@code ssl_keyfile}) becomes a PEM keystore; {@code ssl_password} becomes
 *       {@code ssl.key.password}; {@code ssl_check_hostname False} disables endpoint identification;
 *   <li>kafka-python-only settings ({@code api_version}, serializers, ...), a separate
 *       {@code ssl_keyfile}, and byte values are not translated and are listed in
 *       {@link Result#unmapped()} for the caller to report;
 *   <li>any other name maps {@code _} to {@code .} ({@code linger_ms} → {@code linger.ms}).
 * </ul>
 *
 * Values: booleans as {@code true}/{@code false}, integral floats as integers, text as is.
 */
public final class KafkaClientProperties {
  private static final Set<String> PYTHON_ONLY = Set.of("api_version",
      "api_version_auto_timeout_ms", "ssl_context", "ssl_crlfile", "sasl_oauth_token_provider",
      "selector", "metric_group_prefix", "consumer_timeout_ms", "legacy_iterator", "iter_timeout",
      "key_deserializer", "value_deserializer", "key_serializer", "value_serializer",
      "partitioner", "default_offset_commit_callback", "socket_options", "kafka_client");

  private KafkaClientProperties() {}

  /**
   * Java client properties and the settings that could not be translated.
   *
   * @param properties Java property names to values, in input order
   * @param unmapped kafka-python names left out
   */
  public record Result(Map<String, String> properties, List<String> unmapped) {
    public Result {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
      unmapped = List.copyOf(unmapped);
    }
  }

  /** Translates kafka-python settings. */
  public static Result fromKafkaPython(Map<String, ConfigValue> settings) {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    List<String> unmapped = new ArrayList<>();
    String user = null;
    String password = null;
    for (Map.Entry<String, ConfigValue> e : settings.entrySet()) {
      String name = e.getKey();
      String value = text(e.getValue());
      if (value == null) {
        unmapped.add(name);
        continue;
      }
      if (name.contains(".")) {
        out.put(name, value);
        continue;
      }
      switch (name) {
        case "sasl_plain_username" -> user = value;
        case "sasl_plain_password" -> password = value;
        case "ssl_cafile" -> {
          out.put("ssl.truststore.type", "PEM");
          out.put("ssl.truststore.location", value);
        }
        case "ssl_certfile" -> {
          String key = text(settings.get("ssl_keyfile"));
          if (key == null || key.equals(value)) {
            out.put("ssl.keystore.type", "PEM");
            out.put("ssl.keystore.location", value);
          } else {
            unmapped.add(name);
          }
        }
        case "ssl_keyfile" -> {
          String cert = text(settings.get("ssl_certfile"));
          if (cert == null || !cert.equals(value)) {
            unmapped.add(name);
          }
        }
        case "ssl_password" -> out.put("ssl.key.password", value);
        case "ssl_check_hostname" -> {
          if (value.equals("false")) {
            out.put("ssl.endpoint.identification.algorithm", "");
          }
        }
        default -> {
          if (PYTHON_ONLY.contains(name)) {
            unmapped.add(name);
          } else {
            out.put(name.replace('_', '.'), value);
          }
        }
      }
    }
    if (user != null || password != null) {
      String mech = out.getOrDefault("sasl.mechanism", "PLAIN");
      String module = mech.toUpperCase(java.util.Locale.ROOT).startsWith("SCRAM")
          ? "org.apache.kafka.common.security.scram.ScramLoginModule"
          : "org.apache.kafka.common.security.plain.PlainLoginModule";
      out.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(user)
          + "\" password=\"" + jaasEscape(password) + "\";");
    }
    return new Result(out, unmapped);
  }

  private static String jaasEscape(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String text(ConfigValue v) {
    if (v == null) {
      return null;
    }
    if (v instanceof ConfigValue.TextValue t) {
      return t.value();
    }
    if (v instanceof ConfigValue.IntValue i) {
      return i.value().toString();
    }
    if (v instanceof ConfigValue.BoolValue b) {
      return b.value() ? "true" : "false";
    }
    if (v instanceof ConfigValue.FloatValue f) {
      double d = f.value();
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e18) {
        return new BigDecimal(d).toBigIntegerExact().toString();
      }
      return Double.isFinite(d) ? f.encode() : null;
    }
    return null;
  }
}
