package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Value typing and writing; expectations produced by Python 3.11's int(), float() and repr(). */
class ConfigValueTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "42|int|42", "-7|int|-7", "007|int|7", "+5|int|5", "1_000|int|1000", "1__0|str|1__0",
      "_1|str|_1", "1_|str|1_", "١٢٣|int|123", "１２|int|12", "0x10|str|0x10", "' 12 '|int|12",
      "1.|float|1.0", ".5|float|0.5", "1e3|float|1000.0", "1E-3|float|0.001", "1e|str|1e",
      "e5|str|e5", ".|str|.", "nan|float|nan", "-nan|float|nan", "inf|float|inf",
      "-Infinity|float|-inf", "infinity|float|inf", "iNf|float|inf", "1_0.5|float|10.5",
      "1_.5|str|1_.5", "1._5|str|1._5", "1e1_0|float|10000000000.0", "1.5e+308|float|1.5e+308",
      "1e999|float|inf", "-0.0|float|-0.0", "+.5e-2|float|0.005", "1 2|str|1 2", "''|str|''",
      "True|bool|True", "tRUE|bool|True", "false|bool|False", "yes|str|yes", "٣.٥|float|3.5"})
  void typesLikePython(String text, String type, String pythonRepr) {
    ConfigValue v = ConfigValue.decode(text);
    switch (type) {
      case "int" -> assertThat(v).isInstanceOf(ConfigValue.IntValue.class);
      case "float" -> assertThat(v).isInstanceOf(ConfigValue.FloatValue.class);
      case "bool" -> assertThat(v).isInstanceOf(ConfigValue.BoolValue.class);
      default -> assertThat(v).isInstanceOf(ConfigValue.TextValue.class);
    }
    assertThat(v.encode()).isEqualTo(pythonRepr);
  }

  @ParameterizedTest
  @CsvSource({"1000.0", "0.5", "1e+16", "1.5e-05", "123.456", "0.1", "0.0001",
      "9999999999999998.0", "1e+22", "5e-324", "1.7976931348623157e+308", "-2.5", "100.0",
      "0.0001234", "123456789.123"})
  void floatsAreWrittenAsPythonRepr(String repr) {
    assertThat(new ConfigValue.FloatValue(Double.parseDouble(repr)).encode()).isEqualTo(repr);
  }

  @Test
  void floatReprRoundTripsForRandomDoubles() {
    Random r = new Random(5);
    for (int i = 0; i < 4000; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isNaN(d)) {
        continue;
      }
      String s = new ConfigValue.FloatValue(d).encode();
      ConfigValue back = ConfigValue.decode(s);
      double got = back instanceof ConfigValue.FloatValue f ? f.value()
          : ((ConfigValue.IntValue) back).value().doubleValue();
      assertThat(Double.doubleToLongBits(got)).as(s).isEqualTo(Double.doubleToLongBits(d));
    }
  }

  @Test
  void bytesAreStrictBase64() {
    assertThat(ConfigValue.decode("base64#AAE=")).isEqualTo(new ConfigValue.BytesValue(new byte[] {0, 1}));
    assertThat(ConfigValue.decode("base64#")).isEqualTo(new ConfigValue.BytesValue(new byte[0]));
    assertThat(ConfigValue.decode("base64#AAE")).isInstanceOf(ConfigValue.NoneValue.class);
    assertThat(ConfigValue.decode("base64#not*valid")).isInstanceOf(ConfigValue.NoneValue.class);
    assertThat(ConfigValue.decode("base64#AA==AA==")).isInstanceOf(ConfigValue.NoneValue.class);
    assertThat(ConfigValue.decode("BASE64#AAE=")).isInstanceOf(ConfigValue.TextValue.class);
    assertThat(new ConfigValue.BytesValue(new byte[] {(byte) 0xff}).encode()).isEqualTo("base64#/w==");
    assertThat(new ConfigValue.BytesValue(new byte[] {1, 2}).toString()).doesNotContain("1, 2");
  }

  @Test
  void negativeZeroKeepsItsSign() {
    ConfigValue v = ConfigValue.decode("-0.0");
    assertThat(Double.doubleToRawLongBits(((ConfigValue.FloatValue) v).value()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void randomTextNeverThrows() {
    Random r = new Random(11);
    char[] alphabet = "0123456789+-_.eEnaifty ١#base64=/AQ".toCharArray();
    for (int i = 0; i < 50000; i++) {
      char[] c = new char[r.nextInt(12)];
      for (int k = 0; k < c.length; k++) {
        c[k] = alphabet[r.nextInt(alphabet.length)];
      }
      ConfigValue v = ConfigValue.decode(new String(c));
      assertThat(v).isNotNull();
    }
  }
}
