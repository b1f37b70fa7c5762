package io.msistream.stream.config;

import io.msistream.stream.config.KafkaNameTable.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns config-file options (librdkafka names and Python-style values) into Java Kafka client
 * properties, following {@link KafkaNameTable}. Later settings override earlier ones (pass
 * {@code [broker]} first, then {@code [producer]}/{@code [consumer]}). Options the Java client
 * does not know are never passed to it: they are listed in {@link Translation#dropped()} and
 * logged at DEBUG (names only, never values).
 */
public final class KafkaProperties {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaProperties.class);

  private KafkaProperties() {}

  /**
   * The result.
   *
   * @param properties Java client properties, typed (String, Integer, Long, Short, Boolean, Double)
   * @param dropped one line per option not passed on: {@code "<file>:<line> [<section>] <key>:
   *     <reason>"}
   */
  public record Translation(Map<String, Object> properties, List<String> dropped) {
    public Translation {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
      dropped = List.copyOf(dropped);
    }
  }

  /**
   * Translates settings for one client.
   *
   * @throws ConfigException naming the file, line, section and option of the first bad value
   */
  public static Translation translate(List<Setting> settings, ClientRole role)
      throws ConfigException {
    LinkedHashMap<String, Setting> merged = new LinkedHashMap<>();
    for (Setting s : settings) {
      merged.remove(s.key()); // a later section's value takes the later position too
      merged.put(s.key(), s);
    }
    Builder b = new Builder(role);
    for (Setting s : merged.values()) {
      b.apply(s);
    }
    b.finish();
    return new Translation(b.out, b.dropped);
  }

  /** Accumulates one translation. */
  private static final class Builder {
    private final ClientRole role;
    private final LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    private final List<String> dropped = new ArrayList<>();
    private Setting saslUser;
    private Setting saslPassword;
    private Setting saslJaas;

    Builder(ClientRole role) {
      this.role = role;
    }

    void apply(Setting s) throws ConfigException {
      Row row = KafkaNameTable.row(s.key());
      if (row == null) {
        put(s, s.key(), s.value());
        return;
      }
      if (!row.roles().contains(role)) {
        drop(s, "not used by the Java " + roleName() + " (" + row.note() + ")");
        return;
      }
      String v = s.value().strip();
      switch (row.kind()) {
        case RENAME -> put(s, row.javaName(), v);
        case UPPER_CASE -> put(s, row.javaName(), v.toUpperCase(Locale.ROOT));
        case KIB_TO_BYTES -> put(s, row.javaName(),
            integral(s, v).multiply(BigDecimal.valueOf(1024)).toPlainString());
        case SASL_CREDENTIAL -> {
          if (s.key().equals("sasl.username")) {
            saslUser = s;
          } else {
            saslPassword = s;
          }
        }
        case SSL_CA_LOCATION -> {
          if (v.equalsIgnoreCase("probe")) {
            drop(s, "'probe' means the system CAs: the JVM default truststore is used");
          } else {
            Path p = existingFile(s, v);
            out.put(row.javaName(), p.toString());
            out.putIfAbsent("ssl.truststore.type", "PEM");
          }
        }
        case SSL_CA_PEM -> {
          out.put(row.javaName(), s.value());
          out.putIfAbsent("ssl.truststore.type", "PEM");
        }
        case SSL_CLIENT_PEM_FILE -> {
          Path p = existingFile(s, v);
          try {
            out.put(row.javaName(), Files.readString(p));
          } catch (IOException e) {
            throw s.error("cannot read " + p + ": " + e.getClass().getSimpleName());
          }
          out.putIfAbsent("ssl.keystore.type", "PEM");
        }
        case SSL_CLIENT_PEM -> {
          out.put(row.javaName(), s.value());
          out.putIfAbsent("ssl.keystore.type", "PEM");
        }
        case SSL_KEYSTORE_PKCS12 -> {
          out.put(row.javaName(), existingFile(s, v).toString());
          out.putIfAbsent("ssl.keystore.type", "PKCS12");
        }
        case ENDPOINT_ALGORITHM -> put(s, row.javaName(), v.equalsIgnoreCase("none") ? "" : v);
        case OFFSET_RESET -> put(s, row.javaName(), offsetReset(s, v));
        case GROUP_ID -> put(s, row.javaName(),
            v.equals("create_new") ? UUID.randomUUID().toString() : v);
        case SERDE -> put(s, row.javaName(), serdeClass(s, v));
        case ASSIGNOR -> put(s, row.javaName(), assignors(s, v));
        case DROP -> drop(s, row.note());
        default -> throw new IllegalStateException("unhandled " + row.kind());
      }
    }

    void finish() throws ConfigException {
      if (saslUser == null && saslPassword == null) {
        return;
      }
      if (saslUser == null || saslPassword == null) {
        Setting present = saslUser != null ? saslUser : saslPassword;
        throw present.error("sasl.username and sasl.password must be given together");
      }
      if (saslJaas != null) {
        drop(saslUser, "sasl.jaas.config is given explicitly");
        drop(saslPassword, "sasl.jaas.config is given explicitly");
        return;
      }
      String mechanism = (String) out.get("sasl.mechanism");
      if (mechanism == null) {
        mechanism = "PLAIN";
        out.put("sasl.mechanism", mechanism);
      }
      String module;
      switch (mechanism) {
        case "PLAIN" -> module = "org.apache.kafka.common.security.plain.PlainLoginModule";
        case "SCRAM-SHA-256", "SCRAM-SHA-512" ->
            module = "org.apache.kafka.common.security.scram.ScramLoginModule";
        default -> throw saslUser.error("sasl.username/sasl.password only work with the PLAIN or"
            + " SCRAM-SHA-256/512 mechanisms, not " + mechanism
            + " (write sasl.jaas.config instead)");
      }
      out.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(saslUser.value())
          + "\" password=\"" + jaasEscape(saslPassword.value()) + "\";");
    }

    private void put(Setting s, String javaName, String value) throws ConfigException {
      ConfigDef.Type type = role.typeOf(javaName);
      if (type == null) {
        drop(s, "not a Java " + roleName() + " property");
        return;
      }
      if (javaName.equals("sasl.jaas.config")) {
        saslJaas = s;
      }
      out.put(javaName, coerce(s, javaName, type, value));
    }

    private void drop(Setting s, String reason) {
      String line = s + ": " + reason;
      dropped.add(line);
      LOG.debug("config option not passed to the Kafka {}: {}", roleName(), line);
    }

    private String roleName() {
      return role.name().toLowerCase(Locale.ROOT);
    }
  }

  /** Converts text to the Java property's type. */
  static Object coerce(Setting s, String javaName, ConfigDef.Type type, String value)
      throws ConfigException {
    String v = value.strip();
    switch (type) {
      case BOOLEAN:
        switch (v.toLowerCase(Locale.ROOT)) {
          case "true", "yes", "on", "1" -> {
            return Boolean.TRUE;
          }
          case "false", "no", "off", "0" -> {
            return Boolean.FALSE;
          }
          default -> throw s.error("expected a boolean (True/False) for " + javaName);
        }
      case SHORT:
      case INT:
      case LONG: {
        BigDecimal n = integral(s, v);
        try {
          return switch (type) {
            case SHORT -> n.shortValueExact();
            case INT -> n.intValueExact();
            default -> n.longValueExact();
          };
        } catch (ArithmeticException e) {
          throw s.error("number out of range for " + javaName);
        }
      }
      case DOUBLE:
        try {
          return Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
          throw s.error("expected a number for " + javaName);
        }
      default:
        return value;
    }
  }

  /** A whole number written as an int or a float ({@code 2000000}, {@code 2000000.0}, {@code 2e6}). */
  static BigDecimal integral(Setting s, String v) throws ConfigException {
    BigDecimal n;
    try {
      n = new BigDecimal(v.strip().replaceAll("(?<=\\d)_(?=\\d)", ""));
    } catch (NumberFormatException e) {
      throw s.error("expected a whole number");
    }
    try {
      return new BigDecimal(n.toBigIntegerExact());
    } catch (ArithmeticException e) {
      throw s.error("expected a whole number, not a fraction");
    }
  }

  private static String offsetReset(Setting s, String v) throws ConfigException {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "smallest", "earliest", "beginning" -> "earliest";
      case "largest", "latest", "end" -> "latest";
      case "none", "error" -> "none";
      default -> throw s.error("expected earliest, latest or none (or a librdkafka synonym)");
    };
  }

  private static String serdeClass(Setting s, String v) throws ConfigException {
    String mapped = KafkaNameTable.SERDE_CLASSES.get(v);
    if (mapped != null) {
      return mapped;
    }
    if (v.contains(".")) {
      try {
        Class.forName(v, false, KafkaProperties.class.getClassLoader());
        return v; // a Java class name
      } catch (ClassNotFoundException | LinkageError e) {
        String simple = v.substring(v.lastIndexOf('.') + 1);
        mapped = KafkaNameTable.SERDE_CLASSES.get(simple); // e.g. a Python module path
        if (mapped != null) {
          return mapped;
        }
      }
    }
    throw s.error("unknown (de)serializer '" + v + "' (known: "
        + String.join(", ", new java.util.TreeSet<>(KafkaNameTable.SERDE_CLASSES.keySet()))
        + ", or a Java class name)");
  }

  private static String assignors(Setting s, String v) throws ConfigException {
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      String p = part.strip();
      String mapped = KafkaNameTable.ASSIGNOR_CLASSES.get(p.toLowerCase(Locale.ROOT));
      if (mapped != null) {
        out.add(mapped);
      } else if (p.contains(".")) {
        out.add(p);
      } else {
        throw s.error("unknown partition assignment strategy '" + p + "'");
      }
    }
    return String.join(",", out);
  }

  private static Path existingFile(Setting s, String v) throws ConfigException {
    Path p;
    try {
      p = Path.of(v).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw s.error("not a valid path: " + e.getReason());
    }
    if (!Files.isRegularFile(p)) {
      throw s.error("file " + p + " does not exist");
    }
    return p;
  }

  /** Escapes a value for a double-quoted JAAS option. */
  static String jaasEscape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
