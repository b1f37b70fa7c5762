package io.msistream.tools.upload;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.BitSet;
import java.util.Locale;

/**
 * The cell values of OpenMSIStream's registry CSVs (spec §5.5): Python {@code repr} of strings,
 * ints, sets of ints and timestamps, written exactly as Python writes them and read back
 * symmetrically (every escape Python can write is undone, fixing upstream's lossy reader).
 */
final class PyRepr {
  /** Python's {@code "%a %b %d, %Y at %H:%M:%S"} in the C locale. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("EEE MMM dd, yyyy 'at' HH:mm:ss", Locale.US);

  private PyRepr() {}

  /** Python's {@code repr(s)}. */
  static String str(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        b.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        b.append("\\t");
      } else if (cp == '\n') {
        b.append("\\n");
      } else if (cp == '\r') {
        b.append("\\r");
      } else if (isPrintable(cp)) {
        b.appendCodePoint(cp);
      } else if (cp < 0x100) {
        b.append(String.format("\\x%02x", cp));
      } else if (cp < 0x10000) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.append(String.format("\\U%08x", cp));
      }
    }
    return b.append(quote).toString();
  }

  /** Python's {@code str.isprintable()} for one code point (space is printable). */
  static boolean isPrintable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      case Character.SPACE_SEPARATOR:
        return cp == ' ';
      default:
        return true;
    }
  }

  /**
   * A string cell: a Python string literal ({@code 'x'} or {@code "x"}), also wrapped as
   * {@code PosixPath('x')}/{@code WindowsPath('x')}; anything else is taken as bare text.
   *
   * @throws RegistryFormatException a literal that starts like one but is malformed
   */
  static String parseStr(String cell) throws RegistryFormatException {
    String c = cell.strip();
    for (String wrapper : new String[] {"PosixPath(", "WindowsPath(", "PurePosixPath(",
        "PureWindowsPath(", "Path("}) {
      if (c.startsWith(wrapper) && c.endsWith(")")) {
        c = c.substring(wrapper.length(), c.length() - 1).strip();
        break;
      }
    }
    if (c.length() >= 2 && (c.charAt(0) == '\'' || c.charAt(0) == '"')) {
      return literal(c);
    }
    return c;
  }

  private static String literal(String c) throws RegistryFormatException {
    char q = c.charAt(0);
    StringBuilder out = new StringBuilder(c.length());
    int i = 1;
    int end = c.length() - 1;
    if (c.charAt(end) != q) {
      throw new RegistryFormatException("unterminated string " + c);
    }
    while (i < end) {
      char ch = c.charAt(i++);
      if (ch == q) {
        throw new RegistryFormatException("unescaped quote inside string " + c);
      }
      if (ch != '\\') {
        out.append(ch);
        continue;
      }
      if (i >= end) {
        throw new RegistryFormatException("string ends in a backslash: " + c);
      }
      char e = c.charAt(i++);
      switch (e) {
        case '\\', '\'', '"' -> out.append(e);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case 'x' -> {
          out.appendCodePoint(hex(c, i, 2));
          i += 2;
        }
        case 'u' -> {
          out.appendCodePoint(hex(c, i, 4));
          i += 4;
        }
        case 'U' -> {
          int cp = hex(c, i, 8);
          if (!Character.isValidCodePoint(cp)) {
            throw new RegistryFormatException("bad \\U escape in " + c);
          }
          out.appendCodePoint(cp);
          i += 8;
        }
        case 'N' -> {
          int close = c.indexOf('}', i);
          if (i >= end || c.charAt(i) != '{' || close < 0 || close >= end) {
            throw new RegistryFormatException("bad \\N escape in " + c);
          }
          try {
            out.appendCodePoint(Character.codePointOf(c.substring(i + 1, close)));
          } catch (IllegalArgumentException x) {
            throw new RegistryFormatException("unknown character name in " + c);
          }
          i = close + 1;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            for (int k = 0; k < 2 && i < end && c.charAt(i) >= '0' && c.charAt(i) <= '7'; k++) {
              v = v * 8 + (c.charAt(i++) - '0');
            }
            out.append((char) v);
          } else {
            out.append('\\').append(e); // Python keeps unknown escapes as written
          }
        }
      }
    }
    return out.toString();
  }

  private static int hex(String c, int at, int n) throws RegistryFormatException {
    if (at + n > c.length() - 1) {
      throw new RegistryFormatException("truncated escape in " + c);
    }
    try {
      return Integer.parseUnsignedInt(c.substring(at, at + n), 16);
    } catch (NumberFormatException e) {
      throw new RegistryFormatException("bad hex escape in " + c);
    }
  }

  /** A non-negative int cell. */
  static int parseInt(String cell) throws RegistryFormatException {
    try {
      int v = Integer.parseInt(cell.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new RegistryFormatException("not a count: " + cell);
    }
  }

  /** Python's repr of a set of ints, ascending: {@code {1, 2, 3}} or {@code set()}. */
  static String intSet(BitSet s) {
    if (s.isEmpty()) {
      return "set()";
    }
    StringBuilder b = new StringBuilder(s.cardinality() * 6).append('{');
    for (int i = s.nextSetBit(0); i >= 0; i = s.nextSetBit(i + 1)) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(i);
    }
    return b.append('}').toString();
  }

  /**
   * A set-of-ints cell ({@code set()}, {@code {}}, {@code {1, 2}}; also list syntax) whose numbers
   * are at most {@code max}.
   */
  static BitSet parseIntSet(String cell, int max) throws RegistryFormatException {
    String c = cell.strip();
    BitSet out = new BitSet();
    if (c.equals("set()") || c.equals("{}") || c.equals("[]")) {
      return out;
    }
    if (c.length() < 2 || !((c.startsWith("{") && c.endsWith("}"))
        || (c.startsWith("[") && c.endsWith("]")))) {
      throw new RegistryFormatException("not a set of chunk numbers: " + abbreviate(c));
    }
    for (String part : c.substring(1, c.length() - 1).split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int v = parseInt(p);
      if (v > max) {
        throw new RegistryFormatException("chunk number " + v + " is above " + max);
      }
      out.set(v);
    }
    return out;
  }

  /** Python's repr of a timestamp formatted as the registries do (local time, seconds). */
  static String timestamp(LocalDateTime t) {
    return str(TIMESTAMP.format(t));
  }

  /** A timestamp cell, quoted or bare. */
  static LocalDateTime parseTimestamp(String cell) throws RegistryFormatException {
    String text = parseStr(cell);
    try {
      return LocalDateTime.parse(text, TIMESTAMP);
    } catch (DateTimeParseException e) {
      throw new RegistryFormatException("not a registry timestamp: " + abbreviate(text));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
