package io.msistream.crypto.ini;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable INI document with Python configparser semantics (see {@link IniDialect}).
 *
 * <p>Sections and options keep their file order. The default section (normally {@code DEFAULT})
 * is not listed by {@link #sections()}; its options are inherited by every section. Values are
 * kept raw: {@link #get} and {@link #items} interpolate {@code %} references, {@link #raw} and
 * {@link #ownRaw} do not. Option names passed in are folded as the dialect says
 * ({@link IniDialect#lookupCase()}, then {@link IniDialect#storageCase()}).
 *
 * <p>Changes return a new document; {@link #write()} renders it as Python's
 * {@code ConfigParser.write} does: comments are dropped, untouched values are written back
 * unchanged, {@code name : value} with continuation lines indented by a tab, a blank line after each
 * section, and the default section first (only if it has options).
 */
public final class Ini {
  private final IniDialect dialect;
  private final String source;
  private final Map<String, Entry> defaults;
  private final Map<String, Map<String, Entry>> sections;

  Ini(IniDialect dialect, String source, Map<String, Entry> defaults,
      Map<String, Map<String, Entry>> sections) {
    this.dialect = dialect;
    this.source = source;
    this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    LinkedHashMap<String, Map<String, Entry>> s = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Entry>> e : sections.entrySet()) {
      s.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
    }
    this.sections = Collections.unmodifiableMap(s);
  }

  /**
   * Parses INI text.
   *
   * @param sourceName the file name (or other label) used in error messages
   * @throws IniException on a syntax error, a missing first section header, or (strict dialects)
   *     a repeated section or option
   */
  public static Ini parse(String text, IniDialect dialect, String sourceName) throws IniException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(dialect, "dialect");
    return IniParser.parse(text, dialect, sourceName);
  }

  /** An empty document. */
  public static Ini empty(IniDialect dialect, String sourceName) {
    return new Ini(dialect, sourceName, Map.of(), Map.of());
  }

  public IniDialect dialect() {
    return dialect;
  }

  /** The name used in error messages. */
  public String source() {
    return source;
  }

  /** Section names in file order, without the default section. */
  public List<String> sections() {
    return List.copyOf(sections.keySet());
  }

  /** True if the section exists (the default section counts as existing). */
  public boolean hasSection(String section) {
    return isDefault(section) || sections.containsKey(section);
  }

  /** The default section's options, raw, in file order. */
  public Map<String, String> defaultsRaw() {
    return rawMap(defaults);
  }

  /** A section's own options (not inherited ones), raw, in file order; empty if no such section. */
  public Map<String, String> ownRaw(String section) {
    Map<String, Entry> own = own(section);
    return own == null ? Map.of() : rawMap(own);
  }

  /**
   * Option names visible in a section: its own options in file order, then inherited default
   * options it does not override (Python's {@code options()}). Empty if there is no such section.
   */
  public List<String> options(String section) {
    return List.copyOf(visible(section).keySet());
  }

  /** The raw value of an option, own or inherited; empty if absent or no such section. */
  public Optional<String> raw(String section, String option) {
    Entry e = visible(section).get(dialect.storedName(option));
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  /**
   * The value of an option, own or inherited, with {@code %} references expanded (if the dialect
   * interpolates); empty if absent or no such section.
   *
   * @throws IniException if the value's {@code %} syntax is bad, names a missing option, or nests
   *     too deeply
   */
  public Optional<String> get(String section, String option) throws IniException {
    Map<String, Entry> vis = visible(section);
    String name = dialect.storedName(option);
    Entry e = vis.get(name);
    if (e == null) {
      return Optional.empty();
    }
    return Optional.of(expand(section, name, e, vis));
  }

  /**
   * All options visible in a section (own first, then inherited), interpolated; empty if there is
   * no such section.
   *
   * @throws IniException on the first value that cannot be interpolated
   */
  public Map<String, String> items(String section) throws IniException {
    Map<String, Entry> vis = visible(section);
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : vis.entrySet()) {
      out.put(e.getKey(), expand(section, e.getKey(), e.getValue(), vis));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The line an option was read from (own or inherited), or 0 if absent or set in code. */
  public int lineOf(String section, String option) {
    Entry e = visible(section).get(dialect.storedName(option));
    return e == null ? 0 : e.line();
  }

  /** This document with the section added at the end (unchanged if it exists). */
  public Ini withSection(String section) {
    Objects.requireNonNull(section, "section");
    if (hasSection(section)) {
      return this;
    }
    LinkedHashMap<String, Map<String, Entry>> s = new LinkedHashMap<>(sections);
    s.put(section, Map.of());
    return new Ini(dialect, source, defaults, s);
  }

  /**
   * This document with an option set to a raw value; the section is created if missing, an
   * existing option keeps its position. With interpolation on, the value must read back: every
   * {@code %} must be part of {@code %%} or {@code %(name)s} (use {@link #withLiteral} for text).
   *
   * @throws IniException (kind INTERPOLATION_SYNTAX) for a value with a stray {@code %}
   */
  public Ini with(String section, String option, String rawValue) throws IniException {
    Objects.requireNonNull(rawValue, "value");
    String name = dialect.storedName(Objects.requireNonNull(option, "option"));
    if (dialect.interpolation()) {
      int bad = Interpolation.badPercent(rawValue);
      if (bad >= 0) {
        throw new IniException(IniException.Kind.INTERPOLATION_SYNTAX, source, 0, section, name,
            "invalid interpolation syntax at position " + bad);
      }
    }
    return put(section, name, rawValue);
  }

  /** This document with an option set so that it reads back as exactly {@code text}. */
  public Ini withLiteral(String section, String option, String text) {
    String name = dialect.storedName(Objects.requireNonNull(option, "option"));
    return put(section, name, dialect.interpolation() ? Interpolation.escape(text) : text);
  }

  /** This document without the section's own option (inherited values stay visible). */
  public Ini without(String section, String option) {
    String name = dialect.storedName(option);
    if (isDefault(section)) {
      if (!defaults.containsKey(name)) {
        return this;
      }
      LinkedHashMap<String, Entry> d = new LinkedHashMap<>(defaults);
      d.remove(name);
      return new Ini(dialect, source, d, sections);
    }
    Map<String, Entry> own = sections.get(section);
    if (own == null || !own.containsKey(name)) {
      return this;
    }
    LinkedHashMap<String, Entry> o = new LinkedHashMap<>(own);
    o.remove(name);
    LinkedHashMap<String, Map<String, Entry>> s = new LinkedHashMap<>(sections);
    s.put(section, o);
    return new Ini(dialect, source, defaults, s);
  }

  /** This document without the section (the default section is emptied instead). */
  public Ini withoutSection(String section) {
    if (isDefault(section)) {
      return new Ini(dialect, source, Map.of(), sections);
    }
    if (!sections.containsKey(section)) {
      return this;
    }
    LinkedHashMap<String, Map<String, Entry>> s = new LinkedHashMap<>(sections);
    s.remove(section);
    return new Ini(dialect, source, defaults, s);
  }

  /** This document relabelled for error messages (e.g. after moving the file). */
  public Ini withSource(String sourceName) {
    return new Ini(dialect, sourceName, defaults, sections);
  }

  /** The document as Python's {@code ConfigParser.write} renders it. */
  public String write() {
    StringBuilder b = new StringBuilder();
    String delim = " " + dialect.delimiters().get(0) + " ";
    if (!defaults.isEmpty()) {
      writeSection(b, dialect.defaultSection(), defaults, delim);
    }
    for (Map.Entry<String, Map<String, Entry>> s : sections.entrySet()) {
      writeSection(b, s.getKey(), s.getValue(), delim);
    }
    return b.toString();
  }

  private static void writeSection(StringBuilder b, String name, Map<String, Entry> options,
      String delim) {
    b.append('[').append(name).append("]\n");
    for (Map.Entry<String, Entry> o : options.entrySet()) {
      b.append(o.getKey()).append(delim).append(o.getValue().value().replace("\n", "\n\t"))
          .append('\n');
    }
    b.append('\n');
  }

  private Ini put(String section, String name, String rawValue) {
    Objects.requireNonNull(section, "section");
    if (isDefault(section)) {
      LinkedHashMap<String, Entry> d = new LinkedHashMap<>(defaults);
      d.put(name, new Entry(rawValue, 0));
      return new Ini(dialect, source, d, sections);
    }
    LinkedHashMap<String, Map<String, Entry>> s = new LinkedHashMap<>(sections);
    LinkedHashMap<String, Entry> o = new LinkedHashMap<>(s.getOrDefault(section, Map.of()));
    o.put(name, new Entry(rawValue, 0));
    s.put(section, o);
    return new Ini(dialect, source, defaults, s);
  }

  private String expand(String section, String name, Entry e, Map<String, Entry> vis)
      throws IniException {
    if (!dialect.interpolation() || e.value().indexOf('%') < 0) {
      return e.value();
    }
    return Interpolation.expand(dialect, source, e.line(), section, name, e.value(), vis);
  }

  private boolean isDefault(String section) {
    return section != null && section.equals(dialect.defaultSection());
  }

  private Map<String, Entry> own(String section) {
    return isDefault(section) ? defaults : sections.get(section);
  }

  /** Own options, then inherited defaults not overridden; empty map if no such section. */
  private Map<String, Entry> visible(String section) {
    if (isDefault(section)) {
      return defaults;
    }
    Map<String, Entry> own = sections.get(section);
    if (own == null) {
      return Map.of();
    }
    if (defaults.isEmpty()) {
      return own;
    }
    LinkedHashMap<String, Entry> m = new LinkedHashMap<>(own);
    for (Map.Entry<String, Entry> d : defaults.entrySet()) {
      m.putIfAbsent(d.getKey(), d.getValue());
    }
    return m;
  }

  private static Map<String, String> rawMap(Map<String, Entry> m) {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : m.entrySet()) {
      out.put(e.getKey(), e.getValue().value());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ini i && dialect == i.dialect && rawMap(defaults).equals(rawMap(i.defaults))
        && sectionsRaw().equals(i.sectionsRaw());
  }

  @Override
  public int hashCode() {
    return sectionsRaw().hashCode();
  }

  private Map<String, Map<String, String>> sectionsRaw() {
    LinkedHashMap<String, Map<String, String>> m = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Entry>> e : sections.entrySet()) {
      m.put(e.getKey(), rawMap(e.getValue()));
    }
    return m;
  }

  @Override
  public String toString() {
    return "Ini[" + source + ", " + sections.size() + " sections]";
  }
}
