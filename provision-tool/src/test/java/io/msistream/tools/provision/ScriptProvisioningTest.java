package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.node.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --script-path}: a tiny fake provisioning script run with python3 in a staging folder;
 * its three files are checked and moved into place, or the run fails with nothing left behind.
 */
class ScriptProvisioningTest {
  @TempDir Path tmp;
  Path out;
  Path log;
  PythonNode shared;

  @BeforeEach
  void setUp() throws Exception {
    out = Files.createDirectories(tmp.resolve("out"));
    log = tmp.resolve("script.log");
    shared = PythonNode.named("oms_consumer");
  }

  /** A script that copies the shared node's files into its working folder, then runs {@code extra}. */
  private Path script(String name, String extra) throws Exception {
    String src = shared.folder().toString();
    String py = String.join("\n",
        "import os, shutil, sys",
        "src = " + pyString(src),
        "for ext in ('.config', '.crypto', '.seed'):",
        "    shutil.copyfile(os.path.join(src, 'oms_consumer' + ext), 'oms_consumer' + ext)",
        "open('cwd.txt', 'w').write(os.getcwd())",
        extra,
        "");
    Path dir = Files.createDirectories(tmp.resolve("scripts"));
    return Files.writeString(dir.resolve(name), py);
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private TestEnv env() {
    return new TestEnv().childLog(log);
  }

  private List<Path> outEntries() throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return s.toList();
    }
  }

  @Test
  void installsTheScriptsNode() throws Exception {
    Path script = script("fake.py", "print('hello from the script')");
    TestEnv t = env();
    int status = t.run("--script-path", script.toString(), "--output-dir", out.toString());
    assertThat(status).as(t.err() + Files.readString(log)).isZero();
    Path dir = out.resolve("oms_consumer");
    ProvisionNodeTest.assertSameFilesPlus(dir, shared.folder(), "oms_consumer", "cwd.txt");
    assertThat(Files.readString(dir.resolve("cwd.txt"))).contains(".script.provisioning-")
        .startsWith(out.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve("oms_consumer.crypto")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve("oms_consumer.seed")))).isEqualTo("rw-------");
    try (Node n = Node.load(dir)) {
      assertThat(n.id()).isEqualTo("oms_consumer");
    }
    assertThat(Files.readString(log)).contains("hello from the script");
    assertThat(t.out()).contains("Successfully set up new KafkaCrypto node \"oms_consumer\"");
    assertThat(outEntries()).containsExactly(dir);
  }

  @Test
  void aFolderIsSearchedForSimpleProvision() throws Exception {
    Path script = script(ScriptProvisioning.SIMPLE_SCRIPT, "");
    TestEnv t = env();
    assertThat(t.run("--script-path", script.getParent().toString(), "--output-dir",
        out.toString())).as(t.err()).isZero();
    assertThat(out.resolve("oms_consumer").resolve("oms_consumer.config")).isRegularFile();
  }

  @Test
  void anExistingNodeIsKeptUnlessForced() throws Exception {
    Path script = script("fake.py", "");
    Files.createDirectories(out.resolve("oms_consumer"));
    TestEnv t = env();
    assertThat(t.run("--script-path", script.toString(), "--output-dir", out.toString()))
        .isEqualTo(2);
    assertThat(t.err()).contains("already exists");
    assertThat(outEntries()).containsExactly(out.resolve("oms_consumer"));
    assertThat(out.resolve("oms_consumer")).isEmptyDirectory();

    TestEnv forced = env();
    assertThat(forced.run("--script-path", script.toString(), "--output-dir", out.toString(),
        "--force")).as(forced.err()).isZero();
    assertThat(out.resolve("oms_consumer").resolve("oms_consumer.seed")).isRegularFile();
    assertThat(outEntries()).containsExactly(out.resolve("oms_consumer"));
  }

  void assertFails(Path script, String message) throws Exception {
    TestEnv t = env();
    int status = t.run("--script-path", script.toString(), "--output-dir", out.toString());
    assertThat(status).as(t.err()).isEqualTo(2);
    assertThat(t.err()).contains(message);
    assertThat(outEntries()).isEmpty(); // staging folder removed
  }

  @Test
  void twoConfigFiles() throws Exception {
    assertFails(script("fake.py", "shutil.copyfile('oms_consumer.config', 'other.config')"),
        "exactly one *.config file; it wrote 2");
  }

  @Test
  void noSeedFile() throws Exception {
    assertFails(script("fake.py", "os.remove('oms_consumer.seed')"),
        "exactly one *.seed file; it wrote 0");
  }

  @Test
  void stemsDiffer() throws Exception {
    assertFails(script("fake.py", "os.rename('oms_consumer.seed', 'x.seed')"),
        "their names must match");
  }

  @Test
  void nodeIdDiffersFromTheFileName() throws Exception {
    assertFails(script("fake.py", String.join("\n",
        "for ext in ('.config', '.crypto', '.seed'):",
        "    os.rename('oms_consumer' + ext, 'renamed' + ext)")),
        "has [DEFAULT] node_id 'oms_consumer', not 'renamed'");
  }

  @Test
  void unusableKeyFile() throws Exception {
    assertFails(script("fake.py", "open('oms_consumer.crypto', 'wb').write(b'garbage')"),
        "unusable node");
  }

  @Test
  void scriptFails() throws Exception {
    assertFails(script("fake.py", "sys.exit(3)"), "failed (exit status 3)");
  }

  @Test
  void missingScript() throws Exception {
    assertFails(tmp.resolve("nope.py"), "does not exist");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertFails(empty, "no simple-provision.py or online-provision.py");
  }

  @Test
  void missingPython() throws Exception {
    TestEnv t = env().python(List.of(tmp.resolve("no-python-here").toString()));
    assertThat(t.run("--script-path", script("fake.py", "").toString(), "--output-dir",
        out.toString())).isEqualTo(2);
    assertThat(t.err()).contains("cannot run");
    assertThat(outEntries()).isEmpty();
  }
}
