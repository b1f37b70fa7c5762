package io.msistream.stream.cli;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsed command line: every declared argument's value (given or default). Immutable. */
public final class CliArgs {
  private final String program;
  private final Map<String, Object> values;
  private final Set<String> given;
  private final boolean help;
  private final boolean version;

  CliArgs(String program, Map<String, Object> values, Set<String> given, boolean help,
      boolean version) {
    this.program = program;
    this.values = Collections.unmodifiableMap(values);
    this.given = Collections.unmodifiableSet(given);
    this.help = help;
    this.version = version;
  }

  public String program() {
    return program;
  }

  /** The value of {@code arg}: as given, else its default (may be null for options without one). */
  @SuppressWarnings("unchecked")
  public <T> T get(Arg<T> arg) {
    if (!values.containsKey(arg.name())) {
      throw new IllegalArgumentException(arg.display() + " is not declared for " + program);
    }
    return (T) values.get(arg.name());
  }

  /** {@link #get} as an Optional. */
  public <T> Optional<T> find(Arg<T> arg) {
    return Optional.ofNullable(get(arg));
  }

  /** True if {@code arg} was written on the command line (not just defaulted). */
  public boolean isGiven(Arg<?> arg) {
    return given.contains(arg.name());
  }

  /** True if {@code -h}/{@code --help} was given (the other values are then not parsed). */
  public boolean helpRequested() {
    return help;
  }

  /** True if {@code --version} was given. */
  public boolean versionRequested() {
    return version;
  }

  @Override
  public String toString() {
    return program + " " + values;
  }
}
