package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PyReprTest {
  /** Python 3.11's repr() of each string (both written as Java literals). */
  private static final String[][] PYTHON = {
      {"name.dat", "'name.dat'"},
      {"it's", "\"it's\""},
      {"a\"b", "'a\"b'"},
      {"it's \"x\"", "'it\\'s \"x\"'"},
      {"tab\there", "'tab\\there'"},
      {"nl\nx\r", "'nl\\nx\\r'"},
      {"back\\slash", "'back\\\\slash'"},
      {"\u0000\u001f\u007f", "'\\x00\\x1f\\x7f'"},
      {"caf\u00e9 \u65e5\u672c", "'caf\u00e9 \u65e5\u672c'"},
      {"zw\u200bsp", "'zw\\u200bsp'"},
      {"nb\u00a0sp", "'nb\\xa0sp'"},
      {"nel\u0085", "'nel\\x85'"},
      {"ls\u2028", "'ls\\u2028'"},
      {"smile\ud83d\ude00", "'smile\ud83d\ude00'"},
      {"tag\udb40\udc01", "'tag\\U000e0001'"},
      {"semi;colon space", "'semi;colon space'"},
      {"", "''"}};

  @Test
  void strMatchesPythonRepr() throws Exception {
    for (String[] c : PYTHON) {
      assertThat(PyRepr.str(c[0])).as(c[1]).isEqualTo(c[1]);
      assertThat(PyRepr.parseStr(c[1])).as(c[1]).isEqualTo(c[0]);
    }
  }

  @Test
  void parsesEveryPythonEscapeAndPathWrappers() throws Exception {
    assertThat(PyRepr.parseStr("'\\a\\b\\f\\v\\0\\101\\x41\\u0041\\U00000041\\N{BULLET}\\q'"))
        .isEqualTo("\u0007\b\f\u000b\u0000AAAA\u2022\\q");
    assertThat(PyRepr.parseStr("PosixPath('a/b c.dat')")).isEqualTo("a/b c.dat");
    assertThat(PyRepr.parseStr("WindowsPath('a\\\\b.dat')")).isEqualTo("a\\b.dat");
    assertThat(PyRepr.parseStr("bare text")).isEqualTo("bare text");
    assertThat(PyRepr.parseStr("\"double \\\"quoted\\\"\"")).isEqualTo("double \"quoted\"");
  }

  @Test
  void roundTripsRandomStrings() throws Exception {
    Random r = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(12);
      for (int k = 0; k < n; k++) {
        int cp;
        switch (r.nextInt(4)) {
          case 0 -> cp = r.nextInt(0x80);
          case 1 -> cp = "'\"\\;\t\n\r ".charAt(r.nextInt(8));
          case 2 -> cp = r.nextInt(0x3000);
          default -> cp = r.nextInt(Character.MAX_CODE_POINT + 1);
        }
        if (cp >= 0xd800 && cp <= 0xdfff) {
          cp = 'x';
        }
        b.appendCodePoint(cp);
      }
      String s = b.toString();
      String repr = PyRepr.str(s);
      assertThat(PyRepr.parseStr(repr)).as("repr %s", repr).isEqualTo(s);
      assertThat(repr).doesNotContain("\n", "\r");
    }
  }

  @Test
  void malformedCellsRaiseOnlyTheTypedError() {
    Random r = new Random(5);
    String alphabet = "'\"\\xuUN{}0179aAzZ ;,()setPosixPath";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(14);
      for (int k = 0; k < n; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String c = b.toString();
      for (var parser : new ThrowingParser[] {PyRepr::parseStr, x -> PyRepr.parseIntSet(x, 1000),
          PyRepr::parseTimestamp, PyRepr::parseInt}) {
        try {
          parser.parse(c);
        } catch (RegistryFormatException expected) {
          // the only allowed failure
        }
      }
    }
    assertThatThrownBy(() -> PyRepr.parseStr("'abc")).isInstanceOf(RegistryFormatException.class);
    assertThatThrownBy(() -> PyRepr.parseStr("'a\\x4'")).isInstanceOf(RegistryFormatException.class);
    assertThatThrownBy(() -> PyRepr.parseStr("'a'b'")).isInstanceOf(RegistryFormatException.class);
  }

  interface ThrowingParser {
    Object parse(String s) throws RegistryFormatException;
  }

  @Test
  void intSetsAsPythonWritesThem() throws Exception {
    BitSet s = new BitSet();
    assertThat(PyRepr.intSet(s)).isEqualTo("set()");
    s.set(1);
    s.set(3);
    s.set(200);
    assertThat(PyRepr.intSet(s)).isEqualTo("{1, 3, 200}");
    assertThat(PyRepr.parseIntSet("{1, 3, 200}", 200)).isEqualTo(s);
    assertThat(PyRepr.parseIntSet("{200,3 ,1}", 200)).isEqualTo(s);
    assertThat(PyRepr.parseIntSet("set()", 0).isEmpty()).isTrue();
    assertThatThrownBy(() -> PyRepr.parseIntSet("{1, -2}", 200))
        .isInstanceOf(RegistryFormatException.class);
    assertThatThrownBy(() -> PyRepr.parseIntSet("{1, 201}", 200)) // no huge BitSet for a bad cell
        .isInstanceOf(RegistryFormatException.class);
  }

  @Test
  void timestampsInTheRegistryFormat() throws Exception {
    LocalDateTime t = LocalDateTime.of(2026, 3, 4, 9, 18, 33);
    assertThat(PyRepr.timestamp(t)).isEqualTo("'Wed Mar 04, 2026 at 09:18:33'");
    assertThat(PyRepr.parseTimestamp("'Wed Mar 04, 2026 at 09:18:33'")).isEqualTo(t);
    assertThat(PyRepr.parseTimestamp("Wed Mar 04, 2026 at 09:18:33")).isEqualTo(t);
    assertThatThrownBy(() -> PyRepr.parseTimestamp("'2026-03-04 09:18:33'"))
        .isInstanceOf(RegistryFormatException.class);
  }
}
