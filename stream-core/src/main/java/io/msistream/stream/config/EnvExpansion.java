package io.msistream.stream.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment-variable expansion of config values (spec §9.1): only a value that <em>starts</em>
 * with {@code $} is expanded; {@code $NAME} and {@code ${NAME}} references anywhere in it are
 * replaced ({@code $HOST:9092}, {@code ${HOST}:${PORT}}). Unlike Python's {@code expandvars}, every
 * referenced variable must be set (an empty value counts as set), otherwise expansion fails naming
 * the variable, and a value starting with {@code $} that references no variable fails too. A
 * {@code $} not followed by a name is kept.
 */
public final class EnvExpansion {
  private static final Pattern REF = Pattern.compile("\\$(?:([A-Za-z0-9_]+)|\\{([^}]*)\\})");

  private EnvExpansion() {}

  /** Why a value could not be expanded. */
  public static final class UnsetVariableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsetVariableException(String message) {
      super(message);
    }
  }

  /** True if {@code value} is subject to expansion (starts with {@code $}). */
  public static boolean applies(String value) {
    return value.startsWith("$");
  }

  /**
   * Expands {@code value} with {@code env} (returning null for unset names).
   *
   * @throws UnsetVariableException naming the first unset variable (the value itself is not shown)
   */
  public static String expand(String value, Function<String, String> env)
      throws UnsetVariableException {
    if (!applies(value)) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    boolean any = false;
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      if (name.isEmpty()) {
        throw new UnsetVariableException("'${}' does not name an environment variable");
      }
      String v = env.apply(name);
      if (v == null) {
        throw new UnsetVariableException("environment variable " + name
            + " is not set (the value starts with '$', so it must name a set variable)");
      }
      out.append(value, last, m.start()).append(v);
      last = m.end();
      any = true;
    }
    if (!any) {
      throw new UnsetVariableException(
          "the value starts with '$' but names no environment variable ($NAME or ${NAME})");
    }
    return out.append(value, last, value.length()).toString();
  }
}
