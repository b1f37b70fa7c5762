package io.msistream.crypto.conformance;

import io.msistream.crypto.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A writable copy of the shared set in a temporary folder, for tampering with single values. */
final class VectorCopy {
  private final Path dir;

  private VectorCopy(Path dir) {
    this.dir = dir;
  }

  /** Copies the shared interop folder into {@code target}. */
  static VectorCopy of(Path target) {
    Path src = SharedSet.dir();
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dst = target.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(p, dst);
          dst.toFile().setWritable(true, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new VectorCopy(target);
  }

  Path dir() {
    return dir;
  }

  /** Parses {@code file}, lets {@code edit} change the tree (maps and lists are mutable), writes it back. */
  VectorCopy edit(String file, Consumer<Map<String, Object>> edit) throws Exception {
    Path p = dir.resolve(file);
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(p));
    edit.accept(doc);
    Files.writeString(p, write(doc), StandardCharsets.UTF_8);
    return this;
  }

  /** The object at {@code path} (member names and list indices) below {@code doc}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> at(Object doc, Object... path) {
    Object o = doc;
    for (Object step : path) {
      o = step instanceof Integer i ? ((List<Object>) o).get(i) : ((Map<String, Object>) o).get((String) step);
    }
    return (Map<String, Object>) o;
  }

  /** A hex string with its last digit changed. */
  static String flipLastHexDigit(Object hex) {
    String s = (String) hex;
    char last = s.charAt(s.length() - 1);
    return s.substring(0, s.length() - 1) + (last == '0' ? '1' : '0');
  }

  /** Flips the lowest bit of one byte of a binary file. */
  VectorCopy flipByte(String file, int offset) throws IOException {
    Path p = dir.resolve(file);
    byte[] b = Files.readAllBytes(p);
    b[offset] ^= 1;
    Files.write(p, b);
    return this;
  }

  private static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) {
    if (v == null || v instanceof Boolean || v instanceof Long || v instanceof BigInteger) {
      sb.append(v);
    } else if (v instanceof Double d) {
      sb.append(d.toString());
    } else if (v instanceof String s) {
      sb.append('"');
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append("\\u").append(HexFormat.of().toHexDigits((short) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(sep);
        write(e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), sb);
        sep = ",";
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      String sep = "";
      for (Object x : l) {
        sb.append(sep);
        write(x, sb);
        sep = ",";
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }
  }
}
