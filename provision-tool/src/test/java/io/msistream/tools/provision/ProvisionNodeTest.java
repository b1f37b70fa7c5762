package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.node.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line end to end (in-process, no terminal): flags and answer streams reproduce the
 * nodes simple-provision wrote byte for byte, files land where they should with the right modes,
 * and the output says what simple-provision says.
 */
class ProvisionNodeTest {
  @TempDir Path tmp;

  static Stream<PythonNode> pythonNodes() {
    return PythonNode.all().stream();
  }

  private Path rotFile() throws IOException {
    return write("rot.txt", PythonNode.ROT_PASSWORD + "\n");
  }

  private Path provFile() throws IOException {
    return write("prov.txt", PythonNode.PROVISIONING_PASSWORD + "\n");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** The flags that answer what {@code n} was asked. */
  List<String> flags(PythonNode n, Path out) throws IOException {
    List<String> a = new ArrayList<>(List.of("--output-dir", out.toString(), "--node-id", n.id(),
        "--role", Integer.toString(n.roleChoice()), "--topics", n.topicsInCertOrder(),
        "--rot-password-file", rotFile().toString(), "--provisioning-password-file",
        provFile().toString(), "--yes"));
    if (Boolean.TRUE.equals(n.limited())) {
      a.add("--limited");
    }
    if (!n.pathlenAnswer().isEmpty()) {
      a.add("--pathlen=" + n.pathlenAnswer());
    }
    return a;
  }

  /** The answer stream that answers what {@code n} was asked, in simple-provision's order. */
  static String answers(PythonNode n) {
    StringBuilder sb = new StringBuilder();
    sb.append("1\n").append(PythonNode.ROT_PASSWORD).append('\n')
        .append(PythonNode.PROVISIONING_PASSWORD).append('\n').append(n.id()).append('\n')
        .append(n.roleChoice()).append('\n');
    if (n.limited() != null) {
      sb.append(n.limited() ? "y\n" : "n\n");
    }
    sb.append(n.topicsInCertOrder()).append('\n');
    if (n.topicsInCertOrder().isEmpty()) {
      sb.append("y\n"); // all topics
    }
    sb.append(n.pathlenAnswer()).append('\n').append("y\n");
    return sb.toString();
  }

  static void assertSameFiles(Path ours, Path python, String id) throws IOException {
    assertSameFilesPlus(ours, python, id);
  }

  /** Our three files equal Python's, and the folder holds them and {@code others} only. */
  static void assertSameFilesPlus(Path ours, Path python, String id, String... others)
      throws IOException {
    for (String ext : List.of(".config", ".crypto", ".seed")) {
      assertThat(Files.readAllBytes(ours.resolve(id + ext))).as(id + ext)
          .isEqualTo(Files.readAllBytes(python.resolve(id + ext)));
    }
    try (Stream<Path> s = Files.list(ours)) {
      List<String> expected = new ArrayList<>(List.of(id + ".config", id + ".crypto", id + ".seed"));
      expected.addAll(List.of(others));
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythonNodes")
  void flagsReproducePythonNodesByteForByte(PythonNode n) throws IOException {
    Path out = tmp.resolve("out");
    TestEnv t = new TestEnv().like(n);
    int status = t.run(flags(n, out).toArray(String[]::new));
    assertThat(status).as(t.err()).isZero();
    assertSameFiles(out.resolve(n.id()), n.folder(), n.id());
    assertThat(t.err()).doesNotContain("Node ID:"); // nothing was asked
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythonNodes")
  void answerStreamReproducesPythonNodesByteForByte(PythonNode n) throws IOException {
    Path out = tmp.resolve("out");
    TestEnv t = new TestEnv().like(n).stdin(answers(n));
    int status = t.run("--output-dir", out.toString());
    assertThat(status).as(t.err()).isZero();
    assertSameFiles(out.resolve(n.id()), n.folder(), n.id());
  }

  @Test
  void promptsComeInSimpleProvisionOrder() throws IOException {
    PythonNode n = PythonNode.named("oms_limited_consumer");
    TestEnv t = new TestEnv().like(n).stdin(answers(n));
    assertThat(t.run("--output-dir", tmp.resolve("out").toString())).isZero();
    List<String> prompts = List.of(Interview.KEY_TYPE, Interview.ROT_PASSWORD,
        Interview.PROVISIONING_PASSWORD, Interview.NODE_ID, Interview.ROLE, Interview.LIMITED,
        Interview.TOPICS, Interview.PATHLEN, Interview.CONFIRM);
    String err = t.err();
    int at = -1;
    for (String p : prompts) {
      int i = err.indexOf(p);
      assertThat(i).as(p).isGreaterThan(at);
      at = i;
    }
    assertThat(err).contains("consumer, limited to controllers (key-encrypt-subscribe)");
  }

  @Test
  void controllerIsAskedToConfirmAllTopicsAndProducerIsNotAskedLimited() throws IOException {
    PythonNode c = PythonNode.named("oms_controller");
    TestEnv t = new TestEnv().like(c).stdin(answers(c));
    assertThat(t.run("--output-dir", tmp.resolve("a").toString())).as(t.err()).isZero();
    assertThat(t.err()).contains(Interview.ALL_TOPICS).doesNotContain(Interview.LIMITED);
    assertThat(t.out()).contains("all topics (^.*$)");
  }

  @Test
  void flagsAndPromptsMayBeMixed() throws IOException {
    PythonNode n = PythonNode.named("oms_consumer");
    // key type, passwords and node id given; role, limited, topics, pathlen, confirmation asked
    TestEnv t = new TestEnv().like(n)
        .stdin("3\nn\n" + n.topicsInCertOrder() + "\n\ny\n");
    int status = t.run("--output-dir", tmp.resolve("out").toString(), "--key-type", "1",
        "--node-id", n.id(), "--rot-password-file", rotFile().toString(),
        "--provisioning-password-file", provFile().toString());
    assertThat(status).as(t.err()).isZero();
    assertSameFiles(tmp.resolve("out").resolve(n.id()), n.folder(), n.id());
    assertThat(t.err()).doesNotContain(Interview.NODE_ID).doesNotContain(Interview.KEY_TYPE)
        .contains(Interview.ROLE);
  }

  @Test
  void passwordsFromStandardInputWithYes() throws IOException {
    PythonNode n = PythonNode.named("oms_producer");
    TestEnv t = new TestEnv().like(n)
        .stdin(PythonNode.ROT_PASSWORD + "\n" + PythonNode.PROVISIONING_PASSWORD + "\n");
    int status = t.run("--output-dir", tmp.resolve("out").toString(), "--node-id", n.id(),
        "--role", "producer", "--topics", n.topicsInCertOrder(), "--rot-password-file", "-",
        "--provisioning-password-file", "-", "--yes");
    assertThat(status).as(t.err()).isZero();
    assertSameFiles(tmp.resolve("out").resolve(n.id()), n.folder(), n.id());
  }

  @Test
  void secretFilesAre0600InA0700Folder() throws IOException {
    PythonNode n = PythonNode.named("oms_producer");
    Path out = tmp.resolve("out");
    assertThat(new TestEnv().run(flags(n, out).toArray(String[]::new))).isZero();
    Path dir = out.resolve(n.id());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    for (String ext : List.of(".crypto", ".seed")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          dir.resolve(n.id() + ext)))).as(ext).isEqualTo("rw-------");
    }
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.toList()).containsExactly(dir); // no staging leftovers
    }
  }

  @Test
  void producerOutputCarriesTheOneTimeSeedBackupAndNothingSecretElse() throws IOException {
    PythonNode n = PythonNode.named("oms_producer");
    TestEnv t = new TestEnv().like(n);
    assertThat(t.run(flags(n, tmp.resolve("out")).toArray(String[]::new))).isZero();
    String seedHex = HexFormat.of().formatHex(n.ratchetSecret());
    assertThat(t.out()).contains("Successfully set up new KafkaCrypto node \"oms_producer\"")
        .contains("producer (key-encrypt)").contains("test_oms_encrypted openmsitest")
        .contains(tmp.resolve("out").resolve("oms_producer").toString())
        .contains("ONE-TIME BACKUP").contains(seedHex)
        .contains("94ac31cbf74e205b493cb4b2f9b8e20eb5640aef0a5d8ceaef83f8b414f4a0c3");
    assertThat(t.out()).doesNotContain(HexFormat.of().formatHex(n.nodeSeed()))
        .doesNotContain(HexFormat.of().formatHex(n.storageKey()))
        .doesNotContain(PythonNode.ROT_PASSWORD);
    assertThat(t.err()).doesNotContain(seedHex).doesNotContain(PythonNode.ROT_PASSWORD)
        .contains("Successfully set up new KafkaCrypto node called \"oms_producer\"");
  }

  @Test
  void consumersGetNoSeedBackup() throws IOException {
    PythonNode n = PythonNode.named("oms_consumer");
    TestEnv t = new TestEnv().like(n);
    assertThat(t.run(flags(n, tmp.resolve("out")).toArray(String[]::new))).isZero();
    assertThat(t.out()).doesNotContain("BACKUP")
        .doesNotContain(HexFormat.of().formatHex(n.ratchetSecret()));
  }

  @Test
  void defaultOutputIsTheConfigFilesFolder() throws Exception {
    PythonNode n = PythonNode.named("oms_consumer");
    Path cwd = Files.createDirectories(tmp.resolve("work"));
    Path cfg = Files.createDirectories(cwd.resolve("config_files"));
    List<String> args = new ArrayList<>(flags(n, tmp));
    args.subList(0, 2).clear(); // no --output-dir
    int status = new TestEnv().cwd(cwd).run(args.toArray(String[]::new));
    assertThat(status).isZero();
    try (Node node = Node.load(cfg.resolve(n.id()))) {
      assertThat(node.id()).isEqualTo(n.id());
    }
  }

  @Test
  void configDirFromTheEnvironmentVariableIsCreated() throws IOException {
    PythonNode n = PythonNode.named("oms_consumer");
    Path cwd = Files.createDirectories(tmp.resolve("work"));
    Path cfg = tmp.resolve("elsewhere").resolve("configs");
    List<String> args = new ArrayList<>(flags(n, tmp));
    args.subList(0, 2).clear();
    int status = new TestEnv().cwd(cwd).env(Map.of("OPENMSISTREAM_CONFIG_FILE_DIR", cfg.toString()))
        .run(args.toArray(String[]::new));
    assertThat(status).isZero();
    assertThat(cfg.resolve(n.id()).resolve(n.id() + ".config")).isRegularFile();
  }

  @Test
  void noConfigFolderAnywhereIsAUsageError() throws IOException {
    PythonNode n = PythonNode.named("oms_consumer");
    Path cwd = Files.createDirectories(tmp.resolve("work"));
    List<String> args = new ArrayList<>(flags(n, tmp));
    args.subList(0, 2).clear();
    TestEnv t = new TestEnv().cwd(cwd);
    assertThat(t.run(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(t.err()).contains("no config_files folder found").contains("--output-dir");
    try (Stream<Path> s = Files.list(cwd)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void forceReplacesAnExistingNode() throws IOException {
    PythonNode n = PythonNode.named("oms_producer");
    Path out = tmp.resolve("out");
    Path old = Files.createDirectories(out.resolve(n.id()));
    Files.writeString(old.resolve("marker"), "old");
    List<String> args = new ArrayList<>(flags(n, out));
    args.add("--force");
    TestEnv t = new TestEnv().like(n);
    assertThat(t.run(args.toArray(String[]::new))).as(t.err()).isZero();
    assertSameFiles(out.resolve(n.id()), n.folder(), n.id());
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.toList()).containsExactly(out.resolve(n.id()));
    }
  }

  @Test
  void helpListsTheFlags() {
    TestEnv t = new TestEnv();
    assertThat(t.run("--help")).isZero();
    assertThat(t.out()).contains("--node-id", "--role", "--topics", "--limited", "--pathlen",
        "--rot-password-file", "--provisioning-password-file", "--yes", "--key-type",
        "--output-dir", "--force", "--script-path", "--mode");
  }
}
