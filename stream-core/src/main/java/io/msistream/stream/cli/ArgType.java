package io.msistream.stream.cli;

import java.util.function.Predicate;

/**
 * Converts and validates one argument's text. A failure is a {@link UsageException} whose message
 * says what was wrong with the value ({@code "invalid int value: 'x'"}); the parser prefixes the
 * argument name.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ArgType<T> {
  T parse(String text) throws UsageException;

  /** This type, additionally requiring {@code ok}; otherwise "{@code <text>} {@code must}". */
  default ArgType<T> check(Predicate<? super T> ok, String must) {
    return text -> {
      T v = parse(text);
      if (!ok.test(v)) {
        throw new UsageException("invalid value '" + text + "': " + must);
      }
      return v;
    };
  }
}
