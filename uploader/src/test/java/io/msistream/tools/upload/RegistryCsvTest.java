package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegistryCsvTest {
  @Test
  void quotesOnlyWhenNeeded() throws Exception {
    List<String> cells = List.of("'plain'", "'a;b'", "'say \"hi\"'", "", "{1, 2}");
    String line = RegistryCsv.join(cells);
    assertThat(line).isEqualTo("'plain';\"'a;b'\";\"'say \"\"hi\"\"'\";;{1, 2}");
    assertThat(RegistryCsv.split(line)).isEqualTo(cells);
  }

  @Test
  void roundTripsRandomCells() throws Exception {
    Random r = new Random(3);
    String alphabet = "ab;\"' ,{}";
    for (int i = 0; i < 5000; i++) {
      int n = 1 + r.nextInt(6);
      List<String> cells = new java.util.ArrayList<>();
      for (int k = 0; k < n; k++) {
        StringBuilder b = new StringBuilder();
        for (int j = r.nextInt(6); j > 0; j--) {
          b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        cells.add(b.toString());
      }
      assertThat(RegistryCsv.split(RegistryCsv.join(cells))).isEqualTo(cells);
    }
  }

  @Test
  void rejectsBrokenQuoting() {
    assertThatThrownBy(() -> RegistryCsv.split("\"abc")).isInstanceOf(RegistryFormatException.class);
    assertThatThrownBy(() -> RegistryCsv.split("\"a\"b;c"))
        .isInstanceOf(RegistryFormatException.class);
  }
}
