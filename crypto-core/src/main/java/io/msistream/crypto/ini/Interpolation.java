package io.msistream.crypto.ini;

import java.util.Map;

/**
 * configparser's {@code BasicInterpolation}: {@code %%} is a literal percent and
 * {@code %(name)s} is replaced by the option {@code name} of the same section or of the default
 * section, recursively up to {@value #MAX_DEPTH} levels. Any other {@code %} is an error.
 */
final class Interpolation {
  /** configparser's {@code MAX_INTERPOLATION_DEPTH}. */
  static final int MAX_DEPTH = 10;

  private Interpolation() {}

  /**
   * Expands {@code raw}, the value of {@code option} in {@code section}.
   *
   * @param lookup the section's options followed by the default section's (stored names)
   */
  static String expand(IniDialect d, String source, int line, String section, String option,
      String raw, Map<String, Entry> lookup) throws IniException {
    StringBuilder out = new StringBuilder();
    expand(d, source, line, section, option, raw, lookup, out, 1);
    return out.toString();
  }

  private static void expand(IniDialect d, String source, int line, String section, String option,
      String rest, Map<String, Entry> lookup, StringBuilder out, int depth) throws IniException {
    if (depth > MAX_DEPTH) {
      throw new IniException(IniException.Kind.INTERPOLATION_DEPTH, source, line, section, option,
          "more than " + MAX_DEPTH + " nested %(name)s references");
    }
    int i = 0;
    int n = rest.length();
    while (i < n) {
      int p = rest.indexOf('%', i);
      if (p < 0) {
        out.append(rest, i, n);
        return;
      }
      out.append(rest, i, p);
      char next = p + 1 < n ? rest.charAt(p + 1) : 0;
      if (p + 1 < n && next == '%') {
        out.append('%');
        i = p + 2;
      } else if (p + 1 < n && next == '(') {
        int end = referenceEnd(rest, p);
        if (end < 0) {
          throw new IniException(IniException.Kind.INTERPOLATION_SYNTAX, source, line, section,
              option, "bad %(name)s reference at position " + p + " of the value");
        }
        String name = d.storageCase().apply(rest.substring(p + 2, end - 2));
        Entry e = lookup.get(name);
        if (e == null) {
          throw new IniException(IniException.Kind.INTERPOLATION_MISSING_OPTION, source, line,
              section, option, "%(" + name + ")s names no option of this section or the defaults");
        }
        if (e.value().indexOf('%') >= 0) {
          expand(d, source, line, section, option, e.value(), lookup, out, depth + 1);
        } else {
          out.append(e.value());
        }
        i = end;
      } else {
        throw new IniException(IniException.Kind.INTERPOLATION_SYNTAX, source, line, section,
            option, "'%' must be followed by '%' or '(' (position " + p + " of the value)");
      }
    }
  }

  /** End (exclusive) of {@code %(name)s} starting at {@code p}: name is 1+ chars without ')'. */
  private static int referenceEnd(String s, int p) {
    int close = s.indexOf(')', p + 2);
    if (close <= p + 2 || close + 1 >= s.length() || s.charAt(close + 1) != 's') {
      return -1;
    }
    return close + 2;
  }

  /**
   * Rejects a value that could not be read back: after removing {@code %%} and well-formed
   * {@code %(name)s}, no {@code %} may remain (configparser's {@code before_set} check).
   *
   * @return the index of the offending {@code %} in the reduced text, or -1 if the value is fine
   */
  static int badPercent(String value) {
    String t = value.replace("%%", "");
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < t.length()) {
      int end = t.startsWith("%(", i) ? referenceEnd(t, i) : -1;
      if (end > 0) {
        i = end;
      } else {
        b.append(t.charAt(i));
        i++;
      }
    }
    return b.indexOf("%");
  }

  /** Doubles every {@code %} so the value reads back literally. */
  static String escape(String literal) {
    return literal.replace("%", "%%");
  }
}
