package io.msistream.stream.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python {@code re} expressions (OpenMSIStream's {@code --upload_regex}, {@code --download_regex})
 * compiled to {@link Pattern}s that match the same strings, for use with
 * {@link java.util.regex.Matcher#lookingAt()} (Python's {@code re.match}).
 *
 * <p>Semantics: compiled with {@link Pattern#UNIX_LINES} ({@code .} and {@code $} know only
 * {@code \n}, as in Python) and {@link Pattern#UNICODE_CHARACTER_CLASS} ({@code \w}, {@code \d},
 * {@code \s}, {@code \b} and case folding are Unicode-aware, as for Python {@code str} patterns;
 * {@code (?a)} turns that off as in Python).
 *
 * <p>Syntax translated: {@code (?P<name>…)} with any Python group name and {@code (?P=name)};
 * {@code (?#comment)}; flag groups with {@code a}, {@code L}, {@code u}; {@code \Z}; {@code \v};
 * {@code \U0001F600}; octal escapes ({@code \0}, {@code \012}, {@code \101}); a <code>{</code> that
 * does not start a valid repeat is a literal, and <code>{,n}</code> means <code>{0,n}</code>; in
 * character classes {@code [} and {@code &} are literals, {@code ]} first is a literal, and
 * {@code \b} is a backspace. Everything else is shared syntax and passes through unchanged.
 */
public final class PythonRegex {
  private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;

  private PythonRegex() {}

  /**
   * Compiles a Python-syntax expression.
   *
   * @throws PatternSyntaxException if it is not valid (in Python's syntax as far as translated)
   */
  public static Pattern compile(String python) {
    return Pattern.compile(toJava(python), FLAGS);
  }

  /** The Java syntax of a Python expression (to be compiled with this class's flags). */
  public static String toJava(String py) {
    return new Translator(py).run();
  }

  private static final class Translator {
    private final String p;
    private final StringBuilder out;
    private final Map<String, String> groups = new HashMap<>();
    private int i;

    Translator(String p) {
      this.p = p;
      this.out = new StringBuilder(p.length() + 16);
    }

    String run() {
      while (i < p.length()) {
        char c = p.charAt(i);
        if (c == '\\') {
          escape(false);
        } else if (c == '[') {
          charClass();
        } else if (c == '(' && p.startsWith("(?", i)) {
          group();
        } else if (c == '{') {
          brace();
        } else {
          out.append(c);
          i++;
        }
      }
      return out.toString();
    }

    /** A backslash escape at {@code i}, outside or inside a character class. */
    private void escape(boolean inClass) {
      if (i + 1 >= p.length()) {
        out.append('\\'); // Java rejects a trailing backslash, as Python does
        i++;
        return;
      }
      char n = p.charAt(i + 1);
      if (n == 'Z' && !inClass) {
        out.append("\\z");
        i += 2;
      } else if (n == 'v') {
        out.append("\\x0B");
        i += 2;
      } else if (n == 'b' && inClass) {
        out.append("\\x08");
        i += 2;
      } else if (n == 'U' && i + 10 <= p.length() && isHex(p, i + 2, 8)) {
        out.append("\\x{").append(p, i + 2, i + 10).append('}');
        i += 10;
      } else if (n == 'N' && p.startsWith("{", i + 2) && p.indexOf('}', i + 3) > 0) {
        int close = p.indexOf('}', i + 3);
        out.append(p, i, close + 1); // \N{NAME}: same in Java
        i = close + 1;
      } else if (n >= '0' && n <= '9') {
        digits(inClass);
      } else {
        out.append('\\').append(n);
        i += 2;
      }
    }

    /** {@code \0..}, {@code \ddd} octal escapes and {@code \1}..{@code \99} back references. */
    private void digits(boolean inClass) {
      int j = i + 1;
      boolean octal = p.charAt(j) == '0' || inClass || (j + 2 < p.length()
          && isOctal(p.charAt(j)) && isOctal(p.charAt(j + 1)) && isOctal(p.charAt(j + 2)));
      if (octal) {
        int end = j;
        while (end < p.length() && end < j + 3 && isOctal(p.charAt(end))) {
          end++;
        }
        if (end == j) { // \8 or \9 in a class: invalid in Python too
          out.append('\\').append(p.charAt(j));
          i = j + 1;
          return;
        }
        out.append("\\x{").append(Integer.toHexString(Integer.parseInt(p.substring(j, end), 8)))
            .append('}');
        i = end;
        return;
      }
      int end = j + 1;
      if (end < p.length() && Character.isDigit(p.charAt(end)) && p.charAt(end) < 0x80) {
        end++;
      }
      out.append('\\').append(p, j, end).append("(?:)"); // the group number ends here
      i = end;
    }

    /** A {@code (?...} construct at {@code i}. */
    private void group() {
      if (p.startsWith("(?P<", i)) {
        int close = p.indexOf('>', i + 4);
        if (close > i + 4) {
          out.append("(?<").append(javaName(p.substring(i + 4, close))).append('>');
          i = close + 1;
          return;
        }
      } else if (p.startsWith("(?P=", i)) {
        int close = p.indexOf(')', i + 4);
        if (close > i + 4) {
          out.append("\\k<").append(javaName(p.substring(i + 4, close))).append('>');
          i = close + 1;
          return;
        }
      } else if (p.startsWith("(?#", i)) {
        int close = p.indexOf(')', i + 3);
        if (close >= 0) {
          i = close + 1;
          return;
        }
      } else if (flags()) {
        return;
      }
      out.append("(?");
      i += 2;
    }

    /** A Python flag group {@code (?aiLmsux)} or {@code (?aiLmsux-imsx:...}; false if not one. */
    private boolean flags() {
      int j = i + 2;
      StringBuilder on = new StringBuilder();
      StringBuilder off = new StringBuilder();
      boolean minus = false;
      for (; j < p.length(); j++) {
        char f = p.charAt(j);
        if (f == '-' && !minus) {
          minus = true;
        } else if ("imsx".indexOf(f) >= 0) {
          (minus ? off : on).append(f);
        } else if (f == 'a' && !minus) {
          off.append('U'); // ASCII-only classes
        } else if ((f == 'L' || f == 'u') && !minus) {
          // locale (bytes only) and Unicode (the default): nothing to say in Java
        } else {
          break;
        }
      }
      if (j == i + 2 || j >= p.length() || (p.charAt(j) != ')' && p.charAt(j) != ':')) {
        return false;
      }
      boolean scoped = p.charAt(j) == ':';
      if (on.length() == 0 && off.length() == 0) {
        out.append(scoped ? "(?:" : "");
      } else {
        out.append("(?").append(on).append(off.length() > 0 ? "-" + off : "")
            .append(scoped ? ':' : ')');
      }
      i = j + 1;
      return true;
    }

    /** A <code>{</code>: a repeat if Python would read one, else a literal. */
    private void brace() {
      int j = i + 1;
      int loStart = j;
      while (j < p.length() && isAsciiDigit(p.charAt(j))) {
        j++;
      }
      String lo = p.substring(loStart, j);
      String hi = null;
      if (j < p.length() && p.charAt(j) == ',') {
        int hiStart = ++j;
        while (j < p.length() && isAsciiDigit(p.charAt(j))) {
          j++;
        }
        hi = p.substring(hiStart, j);
      }
      boolean repeat = j < p.length() && p.charAt(j) == '}' && (!lo.isEmpty() || hi != null);
      if (!repeat) {
        out.append("\\{");
        i++;
        return;
      }
      out.append('{').append(lo.isEmpty() ? "0" : lo);
      if (hi != null) {
        out.append(',').append(hi);
      }
      out.append('}');
      i = j + 1;
    }

    /** A character class at {@code i} (Python: no nesting, no intersection). */
    private void charClass() {
      out.append('[');
      i++;
      if (i < p.length() && p.charAt(i) == '^') {
        out.append('^');
        i++;
      }
      if (i < p.length() && p.charAt(i) == ']') {
        out.append("\\]");
        i++;
      }
      while (i < p.length()) {
        char c = p.charAt(i);
        if (c == ']') {
          out.append(']');
          i++;
          return;
        }
        if (c == '\\') {
          escape(true);
        } else if (c == '[' || c == '&') {
          out.append('\\').append(c);
          i++;
        } else {
          out.append(c);
          i++;
        }
      }
      // unterminated: Java reports it, as Python does
    }

    private String javaName(String pyName) {
      return groups.computeIfAbsent(pyName, k -> "pyGroup" + (groups.size() + 1));
    }
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(String s, int from, int n) {
    for (int k = from; k < from + n; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
