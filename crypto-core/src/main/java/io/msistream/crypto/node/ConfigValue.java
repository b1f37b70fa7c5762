package io.msistream.crypto.node;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed {@code .config} value as KafkaCrypto reads it (spec 8.1): the text is tried as an
 * integer, then a float, then {@code true}/{@code false} (any case), then {@code base64#} bytes,
 * else it stays a string.
 *
 * <p>Numbers follow Python's {@code int()} and {@code float()} exactly, because a Java and a
 * Python node may share one config: {@code 007}, {@code +5}, {@code 1_000} and non-ASCII decimal
 * digits ({@code ١٢٣}) are integers; {@code 1.}, {@code .5}, {@code 1e3}, {@code nan},
 * {@code inf}, {@code Infinity} are floats; {@code 0x10} and {@code yes} are strings. A
 * {@code base64#} value must be strict standard base64 with padding, otherwise it reads as
 * {@link NoneValue} (Python's {@code None}).
 */
public sealed interface ConfigValue {

  /** A Python int (arbitrary size). */
  record IntValue(BigInteger value) implements ConfigValue {
    public IntValue {
      Objects.requireNonNull(value);
    }

    public static IntValue of(long v) {
      return new IntValue(BigInteger.valueOf(v));
    }
  }

  /** A Python float. */
  record FloatValue(double value) implements ConfigValue {}

  /** A Python bool. */
  record BoolValue(boolean value) implements ConfigValue {}

  /** Bytes from a {@code base64#} value. */
  record BytesValue(byte[] value) implements ConfigValue {
    public BytesValue {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesValue b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "BytesValue[" + value.length + " bytes]";
    }
  }

  /** Any other text. */
  record TextValue(String value) implements ConfigValue {
    public TextValue {
      Objects.requireNonNull(value);
    }
  }

  /** Python's {@code None}: a {@code base64#} value that is not valid base64. */
  record NoneValue() implements ConfigValue {}

  /** The prefix of byte values. */
  String BASE64_PREFIX = "base64#";

  /** Types a config text as KafkaCrypto does. */
  static ConfigValue decode(String text) {
    BigInteger i = PyNumbers.parseInt(text);
    if (i != null) {
      return new IntValue(i);
    }
    Double f = PyNumbers.parseFloat(text);
    if (f != null) {
      return new FloatValue(f);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("true")) {
      return new BoolValue(true);
    }
    if (lower.equals("false")) {
      return new BoolValue(false);
    }
    if (text.startsWith(BASE64_PREFIX)) {
      byte[] b = strictBase64(text.substring(BASE64_PREFIX.length()));
      return b == null ? new NoneValue() : new BytesValue(b);
    }
    return new TextValue(text);
  }

  /**
   * The text KafkaCrypto writes for a value: integers in decimal, floats as Python's
   * {@code repr}, booleans as {@code True}/{@code False}, bytes as {@code base64#...}, text as is.
   * (Escaping {@code %} for the INI file is the config writer's job.)
   */
  default String encode() {
    if (this instanceof IntValue i) {
      return i.value().toString();
    }
    if (this instanceof FloatValue f) {
      return PyNumbers.floatRepr(f.value());
    }
    if (this instanceof BoolValue b) {
      return b.value() ? "True" : "False";
    }
    if (this instanceof BytesValue b) {
      return BASE64_PREFIX + Base64.getEncoder().encodeToString(b.value);
    }
    if (this instanceof TextValue t) {
      return t.value();
    }
    throw new IllegalStateException("None cannot be stored");
  }

  /** Strict standard base64 (alphabet, padding, length a multiple of 4), or null. */
  private static byte[] strictBase64(String s) {
    if (s.length() % 4 != 0 || !Holder.BASE64.matcher(s).matches()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Lazily compiled patterns. */
  final class Holder {
    static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private Holder() {}
  }

  /** Python's int() and float() text rules, and float repr. */
  final class PyNumbers {
    private PyNumbers() {}

    /** {@code int(text)} in base 10, or null if Python would raise ValueError. */
    static BigInteger parseInt(String text) {
      String s = pyStrip(text);
      int i = 0;
      boolean neg = false;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        neg = s.charAt(i) == '-';
        i++;
      }
      String digits = digitRun(s, i, s.length());
      if (digits == null) {
        return null;
      }
      BigInteger v = new BigInteger(digits);
      return neg ? v.negate() : v;
    }

    /** {@code float(text)}, or null if Python would raise ValueError. */
    static Double parseFloat(String text) {
      String s = pyStrip(text);
      int i = 0;
      String sign = "";
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        sign = s.charAt(i) == '-' ? "-" : "";
        i++;
      }
      String rest = s.substring(i).toLowerCase(Locale.ROOT);
      if (rest.equals("inf") || rest.equals("infinity")) {
        return sign.isEmpty() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      }
      if (rest.equals("nan")) {
        return Double.NaN;
      }
      int n = s.length();
      int e = indexOfExponent(s, i);
      int mantEnd = e < 0 ? n : e;
      int dot = s.indexOf('.', i);
      if (dot >= mantEnd) {
        dot = -1;
      }
      String intPart = dot < 0 ? s.substring(i, mantEnd) : s.substring(i, dot);
      String fracPart = dot < 0 ? "" : s.substring(dot + 1, mantEnd);
      String intDigits = intPart.isEmpty() ? "" : digitRun(intPart, 0, intPart.length());
      String fracDigits = fracPart.isEmpty() ? "" : digitRun(fracPart, 0, fracPart.length());
      if (intDigits == null || fracDigits == null || (intDigits.isEmpty() && fracDigits.isEmpty())) {
        return null;
      }
      StringBuilder b = new StringBuilder(sign).append(intDigits.isEmpty() ? "0" : intDigits)
          .append('.').append(fracDigits.isEmpty() ? "0" : fracDigits);
      if (e >= 0) {
        int j = e + 1;
        String esign = "";
        if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
          esign = s.charAt(j) == '-' ? "-" : "";
          j++;
        }
        String expDigits = digitRun(s, j, n);
        if (expDigits == null) {
          return null;
        }
        b.append('e').append(esign).append(expDigits.length() > 12 ? clampExponent(expDigits) : expDigits);
      }
      return Double.parseDouble(b.toString());
    }

    /** Exponents beyond any double's range behave alike; keep parseDouble's input small. */
    private static String clampExponent(String digits) {
      String t = digits.replaceFirst("^0+", "");
      return t.length() > 12 ? "999999999999" : (t.isEmpty() ? "0" : t);
    }

    private static int indexOfExponent(String s, int from) {
      for (int k = from; k < s.length(); k++) {
        char c = s.charAt(k);
        if (c == 'e' || c == 'E') {
          return k;
        }
      }
      return -1;
    }

    /**
     * Decimal digits (any Unicode decimal digit) in {@code s[from, to)} with single underscores
     * allowed between digits, as ASCII digits; null if that is not the whole range or it is empty.
     */
    private static String digitRun(String s, int from, int to) {
      if (from >= to) {
        return null;
      }
      StringBuilder b = new StringBuilder(to - from);
      boolean lastDigit = false;
      for (int k = from; k < to; ) {
        int cp = s.codePointAt(k);
        k += Character.charCount(cp);
        if (cp == '_') {
          if (!lastDigit || k >= to) {
            return null;
          }
          lastDigit = false;
          continue;
        }
        if (Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER) {
          return null;
        }
        b.append((char) ('0' + Character.digit(cp, 10)));
        lastDigit = true;
      }
      return lastDigit ? b.toString() : null;
    }

    private static boolean pySpace(char c) {
      return Character.isWhitespace(c) || Character.getType(c) == Character.SPACE_SEPARATOR
          || c == '\u0085';
    }

    private static String pyStrip(String s) {
      int i = 0;
      int j = s.length();
      while (i < j && pySpace(s.charAt(i))) {
        i++;
      }
      while (j > i && pySpace(s.charAt(j - 1))) {
        j--;
      }
      return s.substring(i, j);
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, fixed for 1e-4 ≤ |x| < 1e16. */
    static String floatRepr(double d) {
      if (Double.isNaN(d)) {
        return "nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "inf" : "-inf";
      }
      if (d == 0) {
        return (1 / d < 0) ? "-0.0" : "0.0";
      }
      BigDecimal exact = new BigDecimal(d);
      BigDecimal shortest = exact;
      for (int p = 1; p <= 17; p++) {
        BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (r.doubleValue() == d) {
          shortest = r;
          break;
        }
      }
      String digits = shortest.unscaledValue().abs().toString().replaceFirst("0+$", "");
      if (digits.isEmpty()) {
        digits = "0";
      }
      int exp10 = shortest.precision() - shortest.scale() - 1; // position of the first digit
      String sign = d < 0 ? "-" : "";
      if (exp10 >= -4 && exp10 < 16) {
        StringBuilder b = new StringBuilder(sign);
        if (exp10 < 0) {
          b.append("0.").append("0".repeat(-exp10 - 1)).append(digits);
        } else if (digits.length() <= exp10 + 1) {
          b.append(digits).append("0".repeat(exp10 + 1 - digits.length())).append(".0");
        } else {
          b.append(digits, 0, exp10 + 1).append('.').append(digits.substring(exp10 + 1));
        }
        return b.toString();
      }
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format(Locale.ROOT, "%s%02d", exp10 < 0 ? "-" : "+", Math.abs(exp10));
      return sign + mant + "e" + e;
    }
  }
}
