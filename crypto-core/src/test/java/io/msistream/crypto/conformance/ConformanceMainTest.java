package io.msistream.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command in-process: output lines, summary and exit status. */
class ConformanceMainTest {
  @TempDir Path tmp;

  /** Exit status and standard output/error lines of one run. */
  record Run(int status, List<String> out, String err) {
    String last() {
      return out.get(out.size() - 1);
    }

    List<String> lines(String prefix) {
      return out.stream().filter(l -> l.startsWith(prefix)).toList();
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ConformanceMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sharedSetPassesEntirelyAndOneChangedByteFailsExactlyItsCase() throws Exception {
    Run shared = run("conformance", SharedSet.dir().toString());
    assertThat(shared.lines("FAIL")).isEmpty();
    assertThat(shared.lines("SKIP")).isEmpty();
    int cases = shared.lines("PASS").size();
    assertThat(cases).isGreaterThan(200);
    assertThat(shared.out()).hasSize(cases + 1);
    assertThat(shared.last()).isEqualTo(cases + " passed, 0 failed");
    assertThat(shared.status()).isZero();
    assertThat(shared.lines("PASS derivation.json cases[3] ")).hasSize(1);

    // one hex digit of derivation.json cases[3].K_R_hex, changed in place (the file's one byte)
    VectorCopy copy = VectorCopy.of(tmp.resolve("copy"));
    Path file = copy.dir().resolve("derivation.json");
    String kR = io.msistream.crypto.json.JsonValue.read(file).get("cases").list().get(3).get("K_R_hex").str();
    String text = Files.readString(file);
    assertThat(text.indexOf(kR)).isEqualTo(text.lastIndexOf(kR)).isNotNegative();
    byte[] bytes = Files.readAllBytes(file);
    int at = text.substring(0, text.indexOf(kR)).getBytes(StandardCharsets.UTF_8).length + kR.length() - 1;
    bytes[at] = (byte) (bytes[at] == '0' ? '1' : '0');
    Files.write(file, bytes);

    Run changed = run("conformance", copy.dir().toString());
    assertThat(changed.lines("FAIL")).singleElement().asString()
        .startsWith("FAIL derivation.json cases[3] ").contains(": K_R differs");
    assertThat(changed.last()).isEqualTo((cases - 1) + " passed, 1 failed");
    assertThat(changed.status()).isEqualTo(1);
  }

  @Test
  void missingFilesAreSkippedNotFailed() throws Exception {
    Files.copy(SharedSet.dir().resolve("derivation.json"), tmp.resolve("derivation.json"));
    Run r = run("conformance", tmp.toString());
    assertThat(r.lines("SKIP")).contains("SKIP messages.json: not in the directory",
        "SKIP nodes/nodes.json: not in the directory", "SKIP chunks/chunks.json: not in the directory");
    assertThat(r.lines("SKIP files.json")).hasSize(1);
    assertThat(r.lines("FAIL")).isEmpty();
    assertThat(r.lines("PASS derivation.json")).isNotEmpty();
    assertThat(r.last()).isEqualTo(r.lines("PASS").size() + " passed, 0 failed");
    assertThat(r.status()).isZero();
  }

  @Test
  void malformedFilesAreFailuresNotCrashes() throws Exception {
    Files.copy(SharedSet.dir().resolve("derivation.json"), tmp.resolve("derivation.json"));
    Files.writeString(tmp.resolve("chains.json"), "{\"cases\": [ {\"name\": \"x\",");
    Files.writeString(tmp.resolve("messages.json"), "{\"keys\": [], \"messages\": 5, \"edge_cases\": [{\"name\": \"e\"}]}");
    Files.writeString(tmp.resolve("files.json"), "[1, 2]");
    Run r = run("conformance", tmp.toString());
    assertThat(r.lines("FAIL chains.json: cannot read: ")).hasSize(1);
    assertThat(r.lines("FAIL messages.json messages: ")).hasSize(1);
    assertThat(r.lines("FAIL messages.json edge_cases[0] e: ")).hasSize(1);
    assertThat(r.lines("FAIL files.json ")).extracting(l -> l.substring(0, l.indexOf(':')))
        .containsExactly("FAIL files.json crypto_files", "FAIL files.json seed_files", "FAIL files.json config_samples");
    assertThat(r.lines("PASS derivation.json")).isNotEmpty();
    int failed = r.lines("FAIL").size();
    assertThat(r.last()).isEqualTo(r.lines("PASS").size() + " passed, " + failed + " failed");
    assertThat(r.status()).isEqualTo(1);
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    assertThat(run().status()).isEqualTo(2);
    assertThat(run("conformance").status()).isEqualTo(2);
    assertThat(run("check", SharedSet.dir().toString()).status()).isEqualTo(2);
    Run missing = run("conformance", tmp.resolve("nowhere").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("not a directory");
    assertThat(missing.out()).isEmpty();
    Run empty = run("conformance", tmp.toString());
    assertThat(empty.status()).isEqualTo(2);
    assertThat(empty.err()).contains("none of the vector files");
    Run help = run("--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).containsExactly("usage: java -jar crypto-core.jar conformance DIR");
  }
}
