package io.msistream.crypto.ini;

/** Python {@code str} whitespace rules ({@code str.isspace}, {@code strip}), which differ from Java's. */
final class PyText {
  private PyText() {}

  /** Python's {@code str.isspace()} for one UTF-16 unit. */
  static boolean isSpace(char c) {
    switch (c) {
      case ' ': case '\t': case '\n': case '\u000b': case '\f': case '\r':
      case '\u001c': case '\u001d': case '\u001e': case '\u001f': case '\u0085':
        return true;
      default:
        int t = Character.getType(c);
        return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR
            || t == Character.PARAGRAPH_SEPARATOR;
    }
  }

  static String strip(String s) {
    return rstrip(lstrip(s));
  }

  static String lstrip(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  static String rstrip(String s) {
    int j = s.length();
    while (j > 0 && isSpace(s.charAt(j - 1))) {
      j--;
    }
    return s.substring(0, j);
  }

  /** Index of the first non-space character, or the length if there is none. */
  static int indent(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
