package io.msistream.stream.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolDefaultsTest {
  @Test
  void readsReferenceConfAndSystemPropertiesOverrideIt() {
    ToolDefaults logging = ToolDefaults.load("msistream.logging");
    assertThat(logging.find("quiet-level")).hasValue("warning");
    assertThat(logging.config().getStringList("msistream.logging.quiet-loggers"))
        .contains("org.apache.kafka");
    assertThat(ToolDefaults.load("msistream.process").getInt("shutdown-grace-seconds"))
        .isEqualTo(600);
    System.setProperty("msistream.TestTool.chunk_size", "16384");
    try {
      ToolDefaults t = ToolDefaults.forProgram("TestTool");
      assertThat(t.find("chunk_size")).hasValue("16384");
      assertThat(t.getInt("chunk_size")).isEqualTo(16384);
      assertThat(t.keyOf("chunk_size")).isEqualTo("msistream.TestTool.chunk_size");
      assertThat(t.find("n_threads")).isEmpty();
    } finally {
      System.clearProperty("msistream.TestTool.chunk_size");
    }
    assertThat(ToolDefaults.forProgram("TestTool").find("chunk_size")).isEmpty();
  }
}
