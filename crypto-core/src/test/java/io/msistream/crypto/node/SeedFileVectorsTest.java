package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** files.json seed_files: the start-up ratchet step, integer widths, and a trailing byte. */
class SeedFileVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  static Stream<Arguments> seeds() {
    return SharedVectors.json("files.json").get("seed_files").list().stream()
        .map(s -> Arguments.of(s.get("name").str(), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seeds")
  void stepsLikePython(String name, JsonValue s) throws Exception {
    byte[] before = s.get("file_hex").hex();
    if (s.has("error")) {
      assertThatThrownBy(() -> SeedFile.parse(before, name))
          .isInstanceOf(NodeFileException.class).hasMessageContaining("trailing");
      return;
    }
    try (RatchetState st = SeedFile.parse(before, name)) {
      assertThat(SeedFile.encode(st)).isEqualTo(before);
    }
    Path file = dir.resolve(name + ".seed");
    Files.write(file, before);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (RatchetState used = SeedFile.startupStep(file)) {
      try (RatchetState original = SeedFile.parse(before, name)) {
        assertThat(used.keyidx()).isEqualTo(original.keyidx());
        assertThat(used.secret()).isEqualTo(original.secret());
      }
    }
    assertThat(HEX.formatHex(Files.readAllBytes(file))).isEqualTo(s.get("file_after_startup_step_hex").str());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (RatchetState after = SeedFile.read(file)) {
      JsonValue exp = s.get("after_startup_step");
      assertThat(after.keyidx()).isEqualTo(exp.get("keyidx").asLong());
      assertThat(HEX.formatHex(after.secret())).isEqualTo(exp.get("secret_hex").str());
    }
    if (s.has("file_after_second_step_hex")) {
      SeedFile.startupStep(file).close();
      assertThat(HEX.formatHex(Files.readAllBytes(file))).isEqualTo(s.get("file_after_second_step_hex").str());
      // a rolled-back seed: skipping the used state gives the second state and writes the third
      Files.write(file, before);
      try (RatchetState used = SeedFile.startupStep(file);
          RatchetState replacement = SeedFile.advancePast(file, used);
          RatchetState expected = SeedFile.parse(s.get("file_after_startup_step_hex").hex(), "after")) {
        assertThat(replacement.keyidx()).isEqualTo(expected.keyidx());
        assertThat(replacement.secret()).isEqualTo(expected.secret());
      }
      assertThat(HEX.formatHex(Files.readAllBytes(file))).isEqualTo(s.get("file_after_second_step_hex").str());
    }
  }
}
