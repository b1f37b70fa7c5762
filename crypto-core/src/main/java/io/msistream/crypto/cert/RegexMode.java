package io.msistream.crypto.cert;

/**
 * How the final topic/usage check treats regex entries (spec 5.4 multimatch).
 *
 * <p>Python compares the wanted topic, a {@code str}, with certificate entries it decoded as
 * {@code bytes}: equal literals and {@code ^.*$} work, but applying a bytes regex to a str raises
 * {@code TypeError}, which every caller treats as "drop the message".
 */
public enum RegexMode {
  /**
   * Python's effective behaviour (default, interoperable): entries are tried in order, a literal
   * equal to the wanted one matches, {@code ^.*$} anywhere matches, and reaching any other regex
   * before a match rejects the chain ({@link ChainValidationException.Reason#REGEX_UNDECIDABLE}).
   * Regexes inside the chain (intersections) still work, so real key-exchange chains, whose leaf
   * narrows topics to the literal root, validate.
   */
  PYTHON_COMPATIBLE,
  /**
   * The rule the spec intends: a {@code ^} entry is a regex matched at the start of the wanted
   * topic (Python {@code re.match} = Java {@code Matcher.lookingAt()}), on the UTF-8 bytes.
   */
  INTENDED
}
