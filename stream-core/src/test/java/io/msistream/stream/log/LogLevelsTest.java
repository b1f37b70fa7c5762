package io.msistream.stream.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class LogLevelsTest {
  @Test
  void namesInAnyCase() {
    assertThat(LogLevels.parse("notset")).isEqualTo(Level.TRACE);
    assertThat(LogLevels.parse("DEBUG")).isEqualTo(Level.DEBUG);
    assertThat(LogLevels.parse("Info")).isEqualTo(Level.INFO);
    assertThat(LogLevels.parse("warning")).isEqualTo(Level.WARN);
    assertThat(LogLevels.parse(" error ")).isEqualTo(Level.ERROR);
    assertThat(LogLevels.parse("CRITICAL")).isEqualTo(Level.ERROR);
  }

  @Test
  void pythonNumbersMapToTheFirstLevelTheyLetThrough() {
    int[][] cases = {{0, 0}, {1, 1}, {10, 1}, {11, 2}, {20, 2}, {25, 3}, {30, 3}, {31, 4},
        {40, 4}, {50, 4}, {51, 5}};
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.OFF};
    for (int[] c : cases) {
      assertThat(LogLevels.parse(Integer.toString(c[0]))).as("%d", c[0]).isEqualTo(levels[c[1]]);
    }
  }

  @Test
  void rejectsOtherText() {
    assertThatThrownBy(() -> LogLevels.parse("-1")).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> LogLevels.parse("loud")).hasMessageContaining("notset, debug, info");
    assertThatThrownBy(() -> LogLevels.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pythonNames() {
    assertThat(LogLevels.pythonName(Level.WARN)).isEqualTo("warning");
    assertThat(LogLevels.pythonName(Level.TRACE)).isEqualTo("notset");
    assertThat(LogLevels.pythonName(Level.INFO)).isEqualTo("info");
  }
}
