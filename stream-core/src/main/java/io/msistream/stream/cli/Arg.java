package io.msistream.stream.cli;

import java.util.List;
import java.util.Objects;

/**
 * One declared command-line argument: a positional, an option taking a value
 * ({@code --name value} or {@code --name=value}), or a flag ({@code --name}). Names are
 * OpenMSIStream's (underscores, e.g. {@code chunk_size}); options are written with {@code --}.
 * Immutable; identity is the name.
 *
 * @param <T> the value type
 */
public final class Arg<T> {
  /** What kind of argument. */
  public enum Kind { POSITIONAL, OPTION, FLAG }

  private final String name;
  private final Kind kind;
  private final ArgType<T> type;
  private final T defaultValue;
  private final String help;
  private final String metavar;
  private final boolean repeatable;

  private Arg(String name, Kind kind, ArgType<T> type, T defaultValue, String help, String metavar) {
    this(name, kind, type, defaultValue, help, metavar, false);
  }

  private Arg(String name, Kind kind, ArgType<T> type, T defaultValue, String help, String metavar,
      boolean repeatable) {
    if (name == null || name.isEmpty() || name.startsWith("-")) {
      throw new IllegalArgumentException("bad argument name: " + name);
    }
    this.name = name;
    this.kind = kind;
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.help = Objects.requireNonNull(help, "help");
    this.metavar = metavar;
    this.repeatable = repeatable;
  }

  /** A required positional argument. */
  public static <T> Arg<T> positional(String name, ArgType<T> type, String help) {
    return new Arg<>(name, Kind.POSITIONAL, type, null, help, name);
  }

  /** An option with a value; {@code defaultValue} may be null (then absent unless given). */
  public static <T> Arg<T> option(String name, ArgType<T> type, T defaultValue, String help) {
    return new Arg<>(name, Kind.OPTION, type, defaultValue, help, name.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * An option that may be given several times ({@code --name a --name b}, argparse's
   * {@code action="append"}): its value is every given value in order, or an empty list when it
   * is not given.
   */
  public static <T> Arg<List<T>> repeatable(String name, ArgType<T> type, String help) {
    ArgType<List<T>> one = text -> List.of(type.parse(text));
    return new Arg<>(name, Kind.OPTION, one, List.of(), help,
        name.toUpperCase(java.util.Locale.ROOT), true);
  }

  /** A flag: false unless given. */
  public static Arg<Boolean> flag(String name, String help) {
    return new Arg<>(name, Kind.FLAG, text -> Boolean.TRUE, Boolean.FALSE, help, null);
  }

  /** The same argument shown with another value placeholder in the help. */
  public Arg<T> metavar(String m) {
    return new Arg<>(name, kind, type, defaultValue, help, m, repeatable);
  }

  /** The same argument with another default (e.g. one tool's default differs). */
  public Arg<T> withDefault(T d) {
    return new Arg<>(name, kind, type, d, help, metavar, repeatable);
  }

  /** The same argument with another help text. */
  public Arg<T> withHelp(String h) {
    return new Arg<>(name, kind, type, defaultValue, h, metavar, repeatable);
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public ArgType<T> type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String help() {
    return help;
  }

  public String metavar() {
    return metavar;
  }

  /** True for an option whose repeats add up ({@link #repeatable}) instead of the last winning. */
  public boolean isRepeatable() {
    return repeatable;
  }

  /** How the argument is written on the command line: {@code --name} or the bare name. */
  public String display() {
    return kind == Kind.POSITIONAL ? name : "--" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Arg<?> a && a.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return display();
  }
}
