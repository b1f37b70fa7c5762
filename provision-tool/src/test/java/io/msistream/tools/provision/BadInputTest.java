package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input ends the same way: exit status 2, one clear error line, and nothing
 * written (no node folder, no staging folder left behind).
 */
class BadInputTest {
  @TempDir Path tmp;
  Path out;
  Path rot;
  Path prov;

  @BeforeEach
  void files() throws IOException {
    out = Files.createDirectories(tmp.resolve("out"));
    rot = Files.writeString(tmp.resolve("rot"), PythonNode.ROT_PASSWORD + "\n");
    prov = Files.writeString(tmp.resolve("prov"), PythonNode.PROVISIONING_PASSWORD + "\n");
  }

  /** A complete, valid scripted command line. */
  List<String> valid() {
    return new ArrayList<>(List.of("--output-dir", out.toString(), "--node-id", "n1",
        "--role", "2", "--topics", "t1", "--rot-password-file", rot.toString(),
        "--provisioning-password-file", prov.toString(), "--yes"));
  }

  /** {@link #valid()} with one option's value replaced, or the option added. */
  List<String> validWith(String option, String value) {
    List<String> a = valid();
    int i = a.indexOf(option);
    if (i >= 0) {
      a.set(i + 1, value);
    } else {
      a.add(option);
      if (value != null) {
        a.add(value);
      }
    }
    return a;
  }

  void assertRefused(TestEnv t, int status, String... messageParts) throws IOException {
    assertThat(status).as(t.err()).isEqualTo(2);
    List<String> errorLines = t.err().lines().filter(l -> l.startsWith("ProvisionNode: error:"))
        .toList();
    assertThat(errorLines).hasSize(1);
    assertThat(errorLines.get(0)).contains(messageParts);
    assertNothingWritten();
  }

  void assertNothingWritten() throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  static Stream<Arguments> badFlags() {
    String longTopic = "t".repeat(250);
    return Stream.of(
        Arguments.of("--node-id", "a/b", "path separators"),
        Arguments.of("--node-id", "..", "may only use"),
        Arguments.of("--node-id", "", "must not be empty"),
        Arguments.of("--node-id", "a b", "may only use"),
        Arguments.of("--node-id", "a\\b", "path separators"),
        Arguments.of("--node-id", "x:y", "may only use"),
        Arguments.of("--node-id", "DEFAULT", "[DEFAULT]"),
        Arguments.of("--node-id", "nöde", "may only use"),
        Arguments.of("--role", "5", "unknown role"),
        Arguments.of("--role", "admin", "unknown role"),
        Arguments.of("--topics", "ok bad!", "'bad!' has characters Kafka does not allow"),
        Arguments.of("--topics", "a*b", "characters Kafka does not allow"),
        Arguments.of("--topics", "é", "characters Kafka does not allow"),
        Arguments.of("--topics", longTopic, "longer than 249"),
        Arguments.of("--topics", "..", "not a legal Kafka topic"),
        Arguments.of("--topics", ".hidden", "empty root topic"),
        Arguments.of("--pathlen", "0", "path length 0"),
        Arguments.of("--pathlen", "-2", "at least 1"),
        Arguments.of("--pathlen", "one", "not a whole number"),
        Arguments.of("--key-type", "4", "key type 4"),
        Arguments.of("--key-type", "2", "unknown key type"),
        Arguments.of("--mode", "online", "online provisioning"),
        Arguments.of("--mode", "other", "invalid choice"),
        Arguments.of("--limited", null, "--limited applies only to roles 3"),
        Arguments.of("--bogus", null, "unrecognized arguments"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badFlags")
  void badFlagIsRefused(String option, String value, String message) throws IOException {
    TestEnv t = new TestEnv();
    assertRefused(t, t.run(validWith(option, value).toArray(String[]::new)), message);
  }

  @Test
  void validFlagsWork() throws IOException {
    TestEnv t = new TestEnv();
    assertThat(t.run(validWith("--role", "producer").toArray(String[]::new))).as(t.err()).isZero();
    assertThat(out.resolve("n1").resolve("n1.config")).isRegularFile();
  }

  @Test
  void shortRootOfTrustPassword() throws IOException {
    Files.writeString(rot, "12345678901\n"); // 11 characters
    TestEnv t = new TestEnv();
    assertRefused(t, t.run(valid().toArray(String[]::new)),
        "root-of-trust password must be at least 12 characters");
  }

  @Test
  void shortProvisioningPassword() throws IOException {
    Files.writeString(prov, "12345");
    TestEnv t = new TestEnv();
    assertRefused(t, t.run(valid().toArray(String[]::new)),
        "provisioning password must be at least 6 characters");
  }

  @Test
  void passwordLengthCountsCharactersNotBytes() throws IOException {
    Files.writeString(rot, "ééééééééééé", StandardCharsets.UTF_8); // 11 characters, 22 bytes
    TestEnv t = new TestEnv();
    assertRefused(t, t.run(valid().toArray(String[]::new)),
        "at least 12 characters long (it has 11)");
  }

  @Test
  void missingPasswordFile() throws IOException {
    TestEnv t = new TestEnv();
    assertRefused(t, t.run(validWith("--rot-password-file", tmp.resolve("nope").toString())
        .toArray(String[]::new)), "cannot read the root-of-trust password file");
  }

  @Test
  void aPasswordTypedWhereItsFileBelongsIsNotEchoed() throws IOException {
    // "--rot-password-file PASSWORD", or an abbreviation such as "--rot PASSWORD", names no file:
    // the error must not print the value, which may be the password itself (CI logs keep stderr)
    String typed = "MySecretPassw0rd!";
    for (String option : List.of("--rot-password-file", "--rot", "--provisioning-password-file")) {
      TestEnv t = new TestEnv();
      assertRefused(t, t.run(validWith(option, typed).toArray(String[]::new)),
          "password file", "no such file");
      assertThat(t.err() + t.out()).as(option).doesNotContain(typed);
    }
  }

  @Test
  void existingNodeIsNotOverwritten() throws IOException {
    Path existing = Files.createDirectories(out.resolve("n1"));
    Files.writeString(existing.resolve("n1.config"), "keep me");
    TestEnv t = new TestEnv();
    int status = t.run(valid().toArray(String[]::new));
    assertThat(status).isEqualTo(2);
    assertThat(t.err()).contains("already exists").contains("--force");
    assertThat(Files.readString(existing.resolve("n1.config"))).isEqualTo("keep me");
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.toList()).containsExactly(existing);
    }
  }

  @Test
  void existingNodeIdTypedIntoAnAnswerStream() throws IOException {
    Files.createDirectories(out.resolve("n1"));
    TestEnv t = new TestEnv().stdin("1\n" + PythonNode.ROT_PASSWORD + "\n123456\nn1\n");
    int status = t.run("--output-dir", out.toString());
    assertThat(status).isEqualTo(2);
    assertThat(t.err()).contains("already exists");
  }

  @Test
  void outputDirUnderARegularFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    TestEnv t = new TestEnv();
    int status = t.run(validWith("--output-dir", file.resolve("sub").toString())
        .toArray(String[]::new));
    assertThat(status).isEqualTo(2);
    assertThat(t.err()).contains("cannot create the output folder");
  }

  @Test
  void outputDirThatIsAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    TestEnv t = new TestEnv();
    assertThat(t.run(validWith("--output-dir", file.toString()).toArray(String[]::new)))
        .isEqualTo(2);
    assertThat(t.err()).contains("is not a directory");
  }

  @Test
  void yesWithoutTerminalNeedsEveryRequiredAnswer() throws IOException {
    TestEnv t = new TestEnv();
    assertRefused(t, t.run("--output-dir", out.toString(), "--yes", "--role", "2"),
        "with --yes and no terminal, give --rot-password-file, --provisioning-password-file,"
            + " --node-id, --topics");
  }

  @Test
  void answerStreamShortPassword() throws IOException {
    TestEnv t = new TestEnv().stdin("1\nshort\n");
    assertRefused(t, t.run("--output-dir", out.toString()), "at least 12 characters");
  }

  @Test
  void answerStreamEndsEarly() throws IOException {
    TestEnv t = new TestEnv().stdin("1\n" + PythonNode.ROT_PASSWORD + "\n123456\nn1\n2\n");
    assertRefused(t, t.run("--output-dir", out.toString()), "input ended before the topics");
  }

  @Test
  void answerStreamUnknownRole() throws IOException {
    TestEnv t = new TestEnv().stdin("1\n" + PythonNode.ROT_PASSWORD + "\n123456\nn1\n7\n");
    assertRefused(t, t.run("--output-dir", out.toString()), "unknown role '7'");
  }

  @Test
  void answerStreamRefusesConfirmation() throws IOException {
    TestEnv t = new TestEnv()
        .stdin("1\n" + PythonNode.ROT_PASSWORD + "\n123456\nn1\n2\nt1\n\nn\n");
    assertRefused(t, t.run("--output-dir", out.toString()), "not confirmed");
    assertThat(t.err()).contains("About to provision KafkaCrypto node \"n1\"");
  }

  @Test
  void answerStreamDeclinesAllTopics() throws IOException {
    TestEnv t = new TestEnv()
        .stdin("1\n" + PythonNode.ROT_PASSWORD + "\n123456\nn1\n2\n\nn\n");
    assertRefused(t, t.run("--output-dir", out.toString()), "all topics not confirmed");
  }

  @Test
  void answerStreamKeyType4() throws IOException {
    TestEnv t = new TestEnv().stdin("4\n");
    assertRefused(t, t.run("--output-dir", out.toString()), "key type 4");
  }

  @Test
  void emptyTopicsFlagWithoutYesAsksForConfirmation() throws IOException {
    TestEnv t = new TestEnv().stdin("\nn\n"); // key type: default; all topics: no
    List<String> args = validWith("--topics", "");
    args.remove("--yes");
    assertRefused(t, t.run(args.toArray(String[]::new)), "all topics not confirmed");
  }

  @Test
  void answerFlagsDoNotMixWithScriptPath() throws IOException {
    TestEnv t = new TestEnv();
    assertRefused(t, t.run("--output-dir", out.toString(), "--script-path", tmp.toString(),
        "--node-id", "x"), "--node-id cannot be used with --script-path");
  }

  @Test
  void modeAndScriptPathAreExclusive() throws IOException {
    TestEnv t = new TestEnv();
    assertRefused(t, t.run("--output-dir", out.toString(), "--script-path", tmp.toString(),
        "--mode", "simple"), "not allowed with");
  }

  @Test
  void passwordsNeverAppearInErrors() throws IOException {
    Files.writeString(rot, "secret-but-short\n"); // fine length, used to see it is not echoed
    Files.writeString(prov, "abc");
    TestEnv t = new TestEnv();
    t.run(valid().toArray(String[]::new));
    assertThat(t.err() + t.out()).doesNotContain("secret-but-short").doesNotContain("abc\n");
  }
}
