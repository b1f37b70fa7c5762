package io.msistream.crypto.cert;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * KafkaCrypto's {@code multimatch(wanted, choices)} (spec 5.4): true if any choice is
 * {@code ^.*$}; a literal {@code wanted} (not starting with {@code ^}) is matched by an equal
 * literal choice or by a {@code ^} choice whose regex matches at its start; a regex {@code wanted}
 * only by an identical choice.
 *
 * <p>Regexes run on bytes as in Python (certificate text is decoded as bytes there): pattern and
 * subject are the UTF-8 bytes viewed one char per byte, {@code .} and {@code $} treat only
 * {@code \n} as a line end, and matching is anchored at the start only ({@code lookingAt}).
 */
final class Multimatch {
  private Multimatch() {}

  /** The intended rule (used for intersections, and for final checks in INTENDED mode). */
  static boolean matches(String wanted, List<String> choices) throws ChainValidationException {
    if (choices.contains(Poison.ANY_TOPIC)) {
      return true;
    }
    if (wanted.startsWith("^")) {
      return choices.contains(wanted);
    }
    for (String c : choices) {
      if (c.equals(wanted) || (c.startsWith("^") && regexMatchesStart(c, wanted))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Python's effective behaviour for a {@code str} wanted value against byte-string choices: as
   * {@link #matches} but reaching a regex choice (other than {@code ^.*$}) for a literal wanted
   * value, before an equal literal, rejects (Python raises TypeError there).
   */
  static boolean matchesAsPython(String wanted, List<String> choices, String what)
      throws ChainValidationException {
    if (choices.contains(Poison.ANY_TOPIC)) {
      return true;
    }
    if (wanted.startsWith("^")) {
      return choices.contains(wanted);
    }
    for (String c : choices) {
      if (c.equals(wanted)) {
        return true;
      }
      if (c.startsWith("^")) {
        throw new ChainValidationException(ChainValidationException.Reason.REGEX_UNDECIDABLE,
            "the combined " + what + " list holds a regex other than ^.*$, which KafkaCrypto "
                + "(Python) cannot apply to a text " + what + "; rejected as Python's callers do");
      }
    }
    return false;
  }

  static boolean regexMatchesStart(String regex, String subject) throws ChainValidationException {
    try {
      Pattern p = Pattern.compile(bytewise(regex), Pattern.UNIX_LINES);
      return p.matcher(bytewise(subject)).lookingAt();
    } catch (PatternSyntaxException e) {
      throw new ChainValidationException(ChainValidationException.Reason.MALFORMED,
          "a certificate holds an invalid regex", e);
    } catch (StackOverflowError e) {
      throw new ChainValidationException(ChainValidationException.Reason.MALFORMED,
          "a certificate regex is too complex to evaluate");
    }
  }

  /** The UTF-8 bytes of {@code s} as a string of one char per byte (Python bytes semantics). */
  private static String bytewise(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
