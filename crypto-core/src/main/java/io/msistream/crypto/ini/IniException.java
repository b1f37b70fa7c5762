package io.msistream.crypto.ini;

import io.msistream.crypto.MsiCryptoException;

/**
 * An INI file could not be read, interpolated or changed. The message names the file, line,
 * section and option where known; the same facts are available as fields. {@link #kind()} tells
 * which Python configparser error the failure corresponds to.
 */
public final class IniException extends MsiCryptoException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, named after the matching Python configparser exception. */
  public enum Kind {
    /** Lines that are neither a section header, an option, a comment nor a continuation ({@code ParsingError}). */
    SYNTAX,
    /** An option before the first section header ({@code MissingSectionHeaderError}). */
    MISSING_SECTION_HEADER,
    /** A section header seen twice in strict mode ({@code DuplicateSectionError}). */
    DUPLICATE_SECTION,
    /** An option seen twice in one section in strict mode ({@code DuplicateOptionError}). */
    DUPLICATE_OPTION,
    /** A {@code %} not followed by {@code %} or {@code (name)s} ({@code InterpolationSyntaxError}). */
    INTERPOLATION_SYNTAX,
    /** {@code %(name)s} names an option that does not exist ({@code InterpolationMissingOptionError}). */
    INTERPOLATION_MISSING_OPTION,
    /** References nested more than ten levels deep ({@code InterpolationDepthError}). */
    INTERPOLATION_DEPTH,
    /** The section does not exist ({@code NoSectionError}). */
    NO_SECTION,
    /** The file is not valid UTF-8. */
    ENCODING,
    /** The file could not be read or written. */
    IO
  }

  private final Kind kind;
  private final String source;
  private final int line;
  private final String section;
  private final String option;

  IniException(Kind kind, String source, int line, String section, String option, String detail) {
    this(kind, source, line, section, option, detail, null);
  }

  IniException(Kind kind, String source, int line, String section, String option, String detail,
      Throwable cause) {
    super(format(source, line, section, option, detail), cause);
    this.kind = kind;
    this.source = source;
    this.line = line;
    this.section = section;
    this.option = option;
  }

  private static String format(String source, int line, String section, String option,
      String detail) {
    StringBuilder b = new StringBuilder(source == null ? "<ini>" : source);
    if (line > 0) {
      b.append(", line ").append(line);
    }
    if (section != null) {
      b.append(", section [").append(section).append(']');
    }
    if (option != null) {
      b.append(", option '").append(option).append('\'');
    }
    return b.append(": ").append(detail).toString();
  }

  /** Which configparser error this is. */
  public Kind kind() {
    return kind;
  }

  /** The file (or other source name) being read or written. */
  public String source() {
    return source;
  }

  /** The 1-based line number, or 0 if not tied to a line. */
  public int line() {
    return line;
  }

  /** The section involved, or null. */
  public String section() {
    return section;
  }

  /** The option involved, or null. */
  public String option() {
    return option;
  }
}
