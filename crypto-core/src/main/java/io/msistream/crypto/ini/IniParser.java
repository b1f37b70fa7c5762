package io.msistream.crypto.ini;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads INI text the way Python's {@code RawConfigParser.read_string} does, for a given dialect.
 * Written from configparser's documented behaviour; line rules in order:
 *
 * <ol>
 *   <li>a line whose stripped text starts with a comment prefix is a comment; an inline comment
 *       prefix at the line start or after whitespace cuts the line there;
 *   <li>a blank (or comment) line: inside a value, a blank line adds an empty line to it (with
 *       {@code emptyLinesInValues}), a comment line is skipped;
 *   <li>a line indented deeper than the current option's line continues its value;
 *   <li>{@code [name]} starts a section (the last {@code ]} closes the name);
 *   <li>otherwise the line must split at a delimiter into option and value.
 * </ol>
 *
 * Duplicate sections/options and a missing first header fail at once; other bad lines are
 * collected and reported after the whole text was read, like configparser's {@code ParsingError}.
 * Messages give line numbers, never line text (a bad line may hold a password).
 */
final class IniParser {
  private final IniDialect d;
  private final String source;
  private final LinkedHashMap<String, LinkedHashMap<String, Pending>> sections = new LinkedHashMap<>();
  private final LinkedHashMap<String, Pending> defaults = new LinkedHashMap<>();
  private final Set<String> seenSections = new HashSet<>();
  private final Set<String> seenOptions = new HashSet<>();
  private final List<int[]> badLines = new ArrayList<>();

  private String sectionName;
  private LinkedHashMap<String, Pending> current;
  private Pending option;
  private int indentLevel;

  /** An option whose continuation lines are still being collected. */
  private static final class Pending {
    final List<String> lines = new ArrayList<>();
    final int line;

    Pending(String first, int line) {
      lines.add(first);
      this.line = line;
    }

    Entry join() {
      return new Entry(PyText.rstrip(String.join("\n", lines)), line);
    }
  }

  private IniParser(IniDialect d, String source) {
    this.d = d;
    this.source = source;
  }

  static Ini parse(String text, IniDialect dialect, String source) throws IniException {
    IniParser p = new IniParser(dialect, source);
    p.run(text);
    return p.result();
  }

  private void run(String text) throws IniException {
    if (text.startsWith("\ufeff")) {
      text = text.substring(1); // a UTF-8 byte order mark is not part of the first line
    }
    List<String> lines = splitLines(text);
    for (int i = 0; i < lines.size(); i++) {
      line(lines.get(i), i + 1);
    }
    if (!badLines.isEmpty()) {
      int first = badLines.get(0)[0];
      StringBuilder b = new StringBuilder("not a section header, option or comment (lines ");
      for (int k = 0; k < Math.min(5, badLines.size()); k++) {
        b.append(k > 0 ? ", " : "").append(badLines.get(k)[0]);
      }
      b.append(badLines.size() > 5 ? ", ...)" : ")");
      throw new IniException(IniException.Kind.SYNTAX, source, first, null, null, b.toString());
    }
  }

  /** Universal newlines: {@code \r\n}, {@code \r} and {@code \n} end a line, as Python text files do. */
  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < n) {
      out.add(text.substring(start));
    }
    return out;
  }

  private void line(String line, int lineno) throws IniException {
    int commentStart = inlineCommentStart(line);
    String stripped = PyText.strip(line);
    for (String prefix : d.commentPrefixes()) {
      if (stripped.startsWith(prefix)) {
        commentStart = 0;
        break;
      }
    }
    boolean hasComment = commentStart >= 0;
    String value = PyText.strip(hasComment ? line.substring(0, commentStart) : line);
    if (value.isEmpty()) {
      if (d.emptyLinesInValues()) {
        if (!hasComment && current != null && option != null) {
          option.lines.add("");
        }
      } else {
        indentLevel = Integer.MAX_VALUE;
      }
      return;
    }
    int indent = PyText.indent(line);
    if (d.continuationLines() && current != null && option != null && indent > indentLevel) {
      option.lines.add(value);
      return;
    }
    indentLevel = indent;
    String header = header(value);
    if (header != null) {
      openSection(header, lineno);
      option = null;
      return;
    }
    if (current == null) {
      throw new IniException(IniException.Kind.MISSING_SECTION_HEADER, source, lineno, null, null,
          "option before the first section header");
    }
    optionLine(value, lineno);
  }

  private void openSection(String name, int lineno) throws IniException {
    if (name.equals(d.defaultSection())) {
      current = defaults;
    } else if (sections.containsKey(name)) {
      if (d.strict() && seenSections.contains(name)) {
        throw new IniException(IniException.Kind.DUPLICATE_SECTION, source, lineno, name, null,
            "section already exists");
      }
      current = sections.get(name);
    } else {
      current = new LinkedHashMap<>();
      sections.put(name, current);
      seenSections.add(name);
    }
    sectionName = name;
  }

  private void optionLine(String value, int lineno) throws IniException {
    int at = -1;
    String delim = null;
    for (String candidate : d.delimiters()) {
      int i = value.indexOf(candidate);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        delim = candidate;
      }
    }
    if (at < 0) {
      bad(lineno);
      return;
    }
    String name = PyText.rstrip(value.substring(0, at));
    if (name.isEmpty()) {
      bad(lineno); // configparser records the error and still stores the option
    }
    name = d.storageCase().apply(name);
    String key = sectionName + '\u0000' + name;
    if (d.strict() && seenOptions.contains(key)) {
      throw new IniException(IniException.Kind.DUPLICATE_OPTION, source, lineno, sectionName, name,
          "option already exists in this section");
    }
    seenOptions.add(key);
    option = new Pending(PyText.strip(value.substring(at + delim.length())), lineno);
    current.put(name, option);
  }

  /** The section name if {@code value} is a header line ({@code [} ... last {@code ]}), else null. */
  private static String header(String value) {
    if (!value.startsWith("[")) {
      return null;
    }
    int close = value.lastIndexOf(']');
    return close >= 2 ? value.substring(1, close) : null;
  }

  /**
   * Where an inline comment starts, or -1. Follows configparser's search: in each round every
   * prefix moves to its next occurrence; the round ends the search as soon as one of those
   * occurrences is at the line start or after whitespace (the smallest such index wins).
   */
  private int inlineCommentStart(String line) {
    List<String> prefixes = d.inlineCommentPrefixes();
    if (prefixes.isEmpty()) {
      return -1;
    }
    Map<String, Integer> pos = new LinkedHashMap<>();
    for (String p : prefixes) {
      pos.put(p, -1);
    }
    int start = Integer.MAX_VALUE;
    while (start == Integer.MAX_VALUE && !pos.isEmpty()) {
      Map<String, Integer> next = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : pos.entrySet()) {
        int i = line.indexOf(e.getKey(), e.getValue() + 1);
        if (i < 0) {
          continue;
        }
        next.put(e.getKey(), i);
        if (i == 0 || PyText.isSpace(line.charAt(i - 1))) {
          start = Math.min(start, i);
        }
      }
      pos = next;
    }
    return start == Integer.MAX_VALUE ? -1 : start;
  }

  private void bad(int lineno) {
    badLines.add(new int[] {lineno});
  }

  private Ini result() {
    LinkedHashMap<String, Map<String, Entry>> out = new LinkedHashMap<>();
    for (Map.Entry<String, LinkedHashMap<String, Pending>> s : sections.entrySet()) {
      out.put(s.getKey(), joined(s.getValue()));
    }
    return new Ini(d, source, joined(defaults), out);
  }

  private static Map<String, Entry> joined(Map<String, Pending> in) {
    LinkedHashMap<String, Entry> m = new LinkedHashMap<>();
    for (Map.Entry<String, Pending> e : in.entrySet()) {
      m.put(e.getKey(), e.getValue().join());
    }
    return m;
  }
}
