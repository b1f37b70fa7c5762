package io.msistream.crypto.ini;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The configparser options an INI file is read and written with. Immutable; start from
 * {@link #kafkaCryptoNode()} or {@link #python()}, or build one with {@link #builder()}.
 *
 * <p>Fixed behaviour shared by every dialect (as in configparser): sections are {@code [name]}
 * lines (case-sensitive names); an option line splits at the first delimiter; names and values are
 * stripped of surrounding whitespace; an empty value is allowed; an option line without a delimiter
 * is a syntax error; values are written as {@code name<space>delimiter<space>value} with continuation
 * lines indented by a tab.
 */
public final class IniDialect {

  /** How option names are case-folded. */
  public enum NameCase {
    /** Names are used as written. */
    PRESERVE,
    /** Names are lower-cased (Python {@code str.lower}). */
    LOWER;

    String apply(String name) {
      return this == LOWER ? name.toLowerCase(Locale.ROOT) : name;
    }
  }

  private static final IniDialect KAFKACRYPTO = builder()
      .delimiters(":")
      .commentPrefixes(";")
      .storageCase(NameCase.PRESERVE)
      .lookupCase(NameCase.LOWER)
      .build();

  private static final IniDialect PYTHON = builder().build();

  private final List<String> delimiters;
  private final List<String> commentPrefixes;
  private final List<String> inlineCommentPrefixes;
  private final NameCase storageCase;
  private final NameCase lookupCase;
  private final boolean interpolation;
  private final boolean strict;
  private final boolean emptyLinesInValues;
  private final boolean continuationLines;
  private final String defaultSection;

  private IniDialect(Builder b) {
    this.delimiters = List.copyOf(b.delimiters);
    this.commentPrefixes = List.copyOf(b.commentPrefixes);
    this.inlineCommentPrefixes = List.copyOf(b.inlineCommentPrefixes);
    this.storageCase = b.storageCase;
    this.lookupCase = b.lookupCase;
    this.interpolation = b.interpolation;
    this.strict = b.strict;
    this.emptyLinesInValues = b.emptyLinesInValues;
    this.continuationLines = b.continuationLines;
    this.defaultSection = b.defaultSection;
  }

  /**
   * A KafkaCrypto node {@code .config} (spec 8.1): {@code ConfigParser(delimiters=":",
   * comment_prefixes=";", optionxform=str)} with basic interpolation. Only {@code :} delimits (a line
   * with only {@code =} is an error), only {@code ;} starts a comment line ({@code #name : v} is an
   * option), no inline comments, {@code %%} is a literal percent. Names are stored as written and
   * looked up lower-cased, as KafkaCrypto does, so {@code OnlyUpper : x} cannot be found by any name.
   */
  public static IniDialect kafkaCryptoNode() {
    return KAFKACRYPTO;
  }

  /**
   * Python's default {@code ConfigParser()}, as OpenMSIStream reads its config files: {@code =} or
   * {@code :} delimit (the first on the line splits), {@code #} and {@code ;} start comment lines,
   * no inline comments, names lower-cased, basic interpolation, strict duplicates, continuation
   * lines, {@code [DEFAULT]} inherited.
   */
  public static IniDialect python() {
    return PYTHON;
  }

  /** A builder starting from Python's defaults ({@link #python()}). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this dialect. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.delimiters = delimiters;
    b.commentPrefixes = commentPrefixes;
    b.inlineCommentPrefixes = inlineCommentPrefixes;
    b.storageCase = storageCase;
    b.lookupCase = lookupCase;
    b.interpolation = interpolation;
    b.strict = strict;
    b.emptyLinesInValues = emptyLinesInValues;
    b.continuationLines = continuationLines;
    b.defaultSection = defaultSection;
    return b;
  }

  /** Option/value delimiters; the first is used when writing. */
  public List<String> delimiters() {
    return delimiters;
  }

  /** Prefixes that make a whole line (after leading whitespace) a comment. */
  public List<String> commentPrefixes() {
    return commentPrefixes;
  }

  /** Prefixes that start a comment inside a line when at its start or after whitespace. */
  public List<String> inlineCommentPrefixes() {
    return inlineCommentPrefixes;
  }

  /** Folding applied to names when stored and in {@code %(name)s} (Python {@code optionxform}). */
  public NameCase storageCase() {
    return storageCase;
  }

  /** Folding applied to names callers look up or set (before {@link #storageCase()}). */
  public NameCase lookupCase() {
    return lookupCase;
  }

  /** Whether basic {@code %} interpolation is on. */
  public boolean interpolation() {
    return interpolation;
  }

  /** Whether a repeated section or option is an error (otherwise the later one wins). */
  public boolean strict() {
    return strict;
  }

  /** Whether blank lines inside a multi-line value belong to it (otherwise they end it). */
  public boolean emptyLinesInValues() {
    return emptyLinesInValues;
  }

  /** Whether a line indented deeper than its option line continues the value. */
  public boolean continuationLines() {
    return continuationLines;
  }

  /** Name of the section inherited by all others ({@code DEFAULT}), or null for none. */
  public String defaultSection() {
    return defaultSection;
  }

  /** The name under which a caller-supplied option name is stored. */
  String storedName(String name) {
    return storageCase.apply(lookupCase.apply(name));
  }

  @Override
  public String toString() {
    return "IniDialect[delimiters=" + delimiters + ", comments=" + commentPrefixes
        + ", inline=" + inlineCommentPrefixes + ", storage=" + storageCase + ", lookup=" + lookupCase
        + ", interpolation=" + interpolation + ", strict=" + strict + "]";
  }

  /** Builds an {@link IniDialect}; defaults are Python's {@code ConfigParser()} defaults. */
  public static final class Builder {
    private List<String> delimiters = List.of("=", ":");
    private List<String> commentPrefixes = List.of("#", ";");
    private List<String> inlineCommentPrefixes = List.of();
    private NameCase storageCase = NameCase.LOWER;
    private NameCase lookupCase = NameCase.PRESERVE;
    private boolean interpolation = true;
    private boolean strict = true;
    private boolean emptyLinesInValues = true;
    private boolean continuationLines = true;
    private String defaultSection = "DEFAULT";

    private Builder() {}

    /** Option/value delimiters, at least one, none empty. */
    public Builder delimiters(String... d) {
      if (d.length == 0) {
        throw new IllegalArgumentException("at least one delimiter is needed");
      }
      this.delimiters = nonEmpty(d, "delimiter");
      return this;
    }

    /** Whole-line comment prefixes (may be none). */
    public Builder commentPrefixes(String... p) {
      this.commentPrefixes = nonEmpty(p, "comment prefix");
      return this;
    }

    /** Inline comment prefixes (default none). */
    public Builder inlineCommentPrefixes(String... p) {
      this.inlineCommentPrefixes = nonEmpty(p, "inline comment prefix");
      return this;
    }

    /** Name folding when storing (Python {@code optionxform}); default LOWER. */
    public Builder storageCase(NameCase c) {
      this.storageCase = Objects.requireNonNull(c);
      return this;
    }

    /** Extra folding of caller-supplied names; default PRESERVE. */
    public Builder lookupCase(NameCase c) {
      this.lookupCase = Objects.requireNonNull(c);
      return this;
    }

    /** Basic {@code %} interpolation on or off; default on. */
    public Builder interpolation(boolean on) {
      this.interpolation = on;
      return this;
    }

    /** Duplicate sections/options are errors; default true. */
    public Builder strict(boolean on) {
      this.strict = on;
      return this;
    }

    /** Blank lines may sit inside multi-line values; default true. */
    public Builder emptyLinesInValues(boolean on) {
      this.emptyLinesInValues = on;
      return this;
    }

    /** Indented lines continue the previous value; default true. */
    public Builder continuationLines(boolean on) {
      this.continuationLines = on;
      return this;
    }

    /** The inherited section's name, or null to have no inherited section; default DEFAULT. */
    public Builder defaultSection(String name) {
      this.defaultSection = name;
      return this;
    }

    public IniDialect build() {
      return new IniDialect(this);
    }

    private static List<String> nonEmpty(String[] items, String what) {
      for (String s : items) {
        if (s == null || s.isEmpty()) {
          throw new IllegalArgumentException(what + " must not be empty");
        }
      }
      return List.of(items);
    }
  }
}
