package io.msistream.crypto.json;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A read-only, typed view of a parsed JSON value, with a path for error messages
 * ({@code derivation.json: cases[3].K_R_hex: expected a string}).
 */
public final class JsonValue {
  private final Object v;
  private final String path;

  private JsonValue(Object v, String path) {
    this.v = v;
    this.path = path;
  }

  /** Reads and parses a UTF-8 JSON file; errors name the file. */
  public static JsonValue read(Path file) throws IOException, JsonException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return new JsonValue(Json.parse(text), file.getFileName().toString());
    } catch (JsonException e) {
      throw new JsonException(file + ": " + e.getMessage());
    }
  }

  public static JsonValue of(Object parsed, String name) {
    return new JsonValue(parsed, name);
  }

  public String path() {
    return path;
  }

  public Object raw() {
    return v;
  }

  public boolean isNull() {
    return v == null;
  }

  public boolean isObject() {
    return v instanceof Map;
  }

  public boolean isArray() {
    return v instanceof List;
  }

  public boolean isString() {
    return v instanceof String;
  }

  public boolean isNumber() {
    return v instanceof Number;
  }

  public boolean has(String key) {
    return v instanceof Map && ((Map<?, ?>) v).containsKey(key);
  }

  /** Member of an object; a missing member is an error. */
  public JsonValue get(String key) {
    Map<?, ?> m = object();
    if (!m.containsKey(key)) {
      throw new IllegalArgumentException(path + ": missing member '" + key + "'");
    }
    return new JsonValue(m.get(key), path + "." + key);
  }

  /** Member of an object, or a JSON-null view when absent. */
  public JsonValue opt(String key) {
    Map<?, ?> m = object();
    return new JsonValue(m.get(key), path + "." + key);
  }

  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Object k : object().keySet()) {
      out.add((String) k);
    }
    return out;
  }

  public List<JsonValue> list() {
    if (!(v instanceof List)) {
      throw new IllegalArgumentException(path + ": expected an array");
    }
    List<?> l = (List<?>) v;
    List<JsonValue> out = new ArrayList<>(l.size());
    for (int k = 0; k < l.size(); k++) {
      out.add(new JsonValue(l.get(k), path + "[" + k + "]"));
    }
    return out;
  }

  public String str() {
    if (!(v instanceof String)) {
      throw new IllegalArgumentException(path + ": expected a string");
    }
    return (String) v;
  }

  /** A lowercase (or uppercase) hex string as bytes. */
  public byte[] hex() {
    try {
      return HexFormat.of().parseHex(str());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": not hex: " + e.getMessage());
    }
  }

  public long asLong() {
    if (v instanceof Long) {
      return (Long) v;
    }
    throw new IllegalArgumentException(path + ": expected an integer in the long range");
  }

  public BigInteger asBigInteger() {
    if (v instanceof Long) {
      return BigInteger.valueOf((Long) v);
    }
    if (v instanceof BigInteger) {
      return (BigInteger) v;
    }
    throw new IllegalArgumentException(path + ": expected an integer");
  }

  public double asDouble() {
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    throw new IllegalArgumentException(path + ": expected a number");
  }

  public boolean asBoolean() {
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    throw new IllegalArgumentException(path + ": expected a boolean");
  }

  private Map<?, ?> object() {
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(path + ": expected an object");
    }
    return (Map<?, ?>) v;
  }

  @Override
  public String toString() {
    return path + "=" + v;
  }
}
