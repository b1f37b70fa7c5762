package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.node.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive path on a real pseudo-terminal (util-linux {@code script}): the tool asks on the
 * terminal, passwords are not echoed, a wrong answer is asked again, and the node equals one made
 * from flags with the same answers (apart from its fresh keys and time).
 */
class TerminalTest {
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path tmp;

  /** Drives a process like {@code expect}: waits for text, then types a line. */
  static final class Session implements AutoCloseable {
    private final Process process;
    private final StringBuffer transcript = new StringBuffer();
    private final Thread reader;
    private final OutputStream keyboard;
    private int mark;

    Session(List<String> command) throws IOException {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      keyboard = process.getOutputStream();
      InputStream screen = process.getInputStream();
      reader = new Thread(() -> {
        byte[] buf = new byte[4096];
        try {
          for (int n; (n = screen.read(buf)) > 0; ) {
            synchronized (transcript) {
              transcript.append(new String(buf, 0, n, StandardCharsets.UTF_8));
              transcript.notifyAll();
            }
          }
        } catch (IOException e) {
          // process ended
        }
      }, "pty-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits until {@code text} appears after the previous match. */
    void expect(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      synchronized (transcript) {
        while (true) {
          int i = transcript.indexOf(text, mark);
          if (i >= 0) {
            mark = i + text.length();
            return;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
            throw new AssertionError("did not see '" + text + "'; transcript:\n" + transcript);
          }
          transcript.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    }

    void type(String line) throws IOException {
      keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    int exitStatus() throws InterruptedException {
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(transcript.toString())
          .isTrue();
      return process.exitValue();
    }

    String transcript() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      return transcript.toString();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static boolean scriptAvailable() {
    return Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script"));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Test
  void interactiveRunOnAPseudoTerminal() throws Exception {
    assumeTrue(scriptAvailable(), "util-linux script is needed for a pseudo-terminal");
    Path out = tmp.resolve("tty");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
        ProvisionNode.class.getName(), "--output-dir", quote(out.toString()));
    String rot = PythonNode.ROT_PASSWORD;
    try (Session s = new Session(List.of("script", "-q", "-e", "-c", cmd, "/dev/null"))) {
      s.expect(Interview.KEY_TYPE);
      s.type("");
      s.expect(Interview.ROT_PASSWORD);
      s.type("too-short");
      s.expect("must be at least 12 characters");
      s.expect(Interview.ROT_PASSWORD); // asked again
      s.type(rot);
      s.expect(Interview.PROVISIONING_PASSWORD);
      s.type(PythonNode.PROVISIONING_PASSWORD);
      s.expect(Interview.NODE_ID);
      s.type("tty/node");
      s.expect("path separators");
      s.expect(Interview.NODE_ID);
      s.type("tty_node");
      s.expect(Interview.ROLE);
      s.type("2");
      s.expect(Interview.TOPICS);
      s.type("openmsitest.raw test_oms_encrypted");
      s.expect(Interview.PATHLEN);
      s.type("");
      s.expect("About to provision KafkaCrypto node \"tty_node\"");
      s.expect(Interview.CONFIRM);
      s.type("y");
      s.expect("ONE-TIME BACKUP");
      assertThat(s.exitStatus()).as(s.transcript()).isZero();
      String transcript = s.transcript();
      assertThat(transcript).doesNotContain(rot).doesNotContain("too-short")
          .doesNotContain(PythonNode.PROVISIONING_PASSWORD)
          .contains("openmsitest.raw") // normal answers are echoed
          .contains("Successfully set up new KafkaCrypto node \"tty_node\"");
    }
    Path ttyNode = out.resolve("tty_node");

    // the same answers as flags give the same node, apart from its own keys and time
    Path rotFile = Files.writeString(tmp.resolve("rot"), rot);
    Path provFile = Files.writeString(tmp.resolve("prov"), PythonNode.PROVISIONING_PASSWORD);
    Path flagsOut = tmp.resolve("flags");
    TestEnv t = new TestEnv().caFile(CaBundle.systemPath()); // what the real run wrote
    assertThat(t.run("--output-dir", flagsOut.toString(), "--node-id", "tty_node", "--role",
        "producer", "--topics", "openmsitest.raw test_oms_encrypted", "--rot-password-file",
        rotFile.toString(), "--provisioning-password-file", provFile.toString(), "--yes"))
        .as(t.err()).isZero();
    Path flagsNode = flagsOut.resolve("tty_node");
    assertThat(withoutChain(ttyNode)).isEqualTo(withoutChain(flagsNode));
    try (Node a = Node.load(ttyNode); Node b = Node.load(flagsNode)) {
      Chain ca = a.keys().get(0).chain();
      Chain cb = b.keys().get(0).chain();
      assertThat(ca.item(0)).isEqualTo(cb.item(0)); // same provisioner certificate
      Certificate la = Certificate.decode(Arrays.copyOfRange(ca.item(1), 64, ca.item(1).length), "a");
      Certificate lb = Certificate.decode(Arrays.copyOfRange(cb.item(1), 64, cb.item(1).length), "b");
      assertThat(la.poison()).isEqualTo(lb.poison());
      assertThat(a.kemTypes()).isEqualTo(b.kemTypes());
      assertThat(a.allowlist()).isEqualTo(b.allowlist());
    }
  }

  /** The config text without its chain line (the one line that depends on keys and time). */
  private static List<String> withoutChain(Path nodeDir) throws IOException {
    return Files.readAllLines(nodeDir.resolve("tty_node.config")).stream()
        .filter(l -> !l.startsWith("chain0 : ")).toList();
  }

  /**
   * Standard output redirected to a file while standard input is the terminal: Java has no
   * console then, and a typed password would be echoed, so it is refused; with password files the
   * rest is asked on the terminal and the result goes to the file.
   */
  @Test
  void redirectedOutputDoesNotEchoPasswords() throws Exception {
    assumeTrue(scriptAvailable(), "util-linux script is needed for a pseudo-terminal");
    Path out = tmp.resolve("nodes");
    Path saved = tmp.resolve("saved.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String base = String.join(" ", quote(java), "-cp",
        quote(System.getProperty("java.class.path")), ProvisionNode.class.getName(),
        "--output-dir", quote(out.toString()));
    try (Session s = new Session(List.of("script", "-q", "-e", "-c",
        base + " > " + quote(saved.toString()), "/dev/null"))) {
      s.expect(Interview.KEY_TYPE);
      s.type("");
      s.expect("standard input is a terminal but standard output is redirected");
      assertThat(s.exitStatus()).isEqualTo(2);
    }
    assertThat(out).isEmptyDirectory();

    Path rotFile = Files.writeString(tmp.resolve("rot"), PythonNode.ROT_PASSWORD);
    Path provFile = Files.writeString(tmp.resolve("prov"), PythonNode.PROVISIONING_PASSWORD);
    String withFiles = base + " --rot-password-file " + quote(rotFile.toString())
        + " --provisioning-password-file " + quote(provFile.toString()) + " --node-id redirected"
        + " > " + quote(saved.toString());
    try (Session s = new Session(List.of("script", "-q", "-e", "-c", withFiles, "/dev/null"))) {
      s.expect(Interview.KEY_TYPE);
      s.type("1");
      s.expect(Interview.ROLE);
      s.type("2");
      s.expect(Interview.TOPICS);
      s.type("openmsitest");
      s.expect(Interview.PATHLEN);
      s.type("-1");
      s.expect(Interview.CONFIRM);
      s.type("yes");
      assertThat(s.exitStatus()).as(s.transcript()).isZero();
    }
    assertThat(Files.readString(saved)).contains("Successfully set up new KafkaCrypto node"
        + " \"redirected\"").contains("ONE-TIME BACKUP").contains("-1 (no limit)");
    assertThat(out.resolve("redirected").resolve("redirected.seed")).isRegularFile();
  }
}
