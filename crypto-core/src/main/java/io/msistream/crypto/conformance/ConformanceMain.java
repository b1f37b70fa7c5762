package io.msistream.crypto.conformance;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Command line: {@code java -jar crypto-core.jar conformance DIR} checks every crypto vector in
 * {@code DIR}, a directory laid out like {@code shared/interop} (any such set: other nodes,
 * passwords, roots and messages), with this library.
 *
 * <p>Output on standard output, one line per case, then a summary; this format is stable:
 * <pre>
 * PASS &lt;file&gt; &lt;id&gt; &lt;name&gt;
 * FAIL &lt;file&gt; &lt;id&gt; &lt;name&gt;: &lt;what differed&gt;
 * FAIL &lt;file&gt;: &lt;why the file could not be used&gt;
 * SKIP &lt;file&gt;: not in the directory
 * &lt;N&gt; passed, &lt;M&gt; failed
 * </pre>
 * {@code <file>} is the vector file relative to {@code DIR} ({@code chains.json},
 * {@code nodes/nodes.json}, {@code chunks/chunks.json}) or {@code spec-13} for the
 * specification's own examples; {@code <id>} is the case's place in the file
 * ({@code cases[17]}, {@code rot_password}); {@code <name>} is its name, id or description as
 * one token, with {@code /part} for cases checked in several parts
 * ({@code kem_type_1_direct/consumer}). Example:
 * <pre>
 * PASS derivation.json cases[0] synthetic_seed_00..1f_node_key_20..3f
 * FAIL chains.json cases[17] regex_topic_consumer_request: expected valid, got ChainValidationException(TOPIC)
 * </pre>
 * Failure texts name fields, lengths and offsets, never key bytes; they are for people, not for
 * parsing.
 *
 * <p>Node chains and recorded key-exchange messages are validated at the current time (simple-provision
 * certificates last 3660 days), key-exchange messages no later than their own leaf expiry (their
 * node's maxage, one day when absent); {@code chains.json} cases use their own {@code now}.
 *
 * <p>Exit status: 0 if every case passed, 1 if any failed, 2 for usage errors (wrong arguments,
 * {@code DIR} not a directory or holding none of the vector files). A missing vector file is
 * skipped, not failed; a malformed one fails.
 */
public final class ConformanceMain {
  private static final String USAGE = "usage: java -jar crypto-core.jar conformance DIR";

  private ConformanceMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, System.err));
  }

  /** Runs the command with {@code args} and returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      return 0;
    }
    if (args.length != 2 || !args[0].equals("conformance")) {
      err.println(USAGE);
      return 2;
    }
    Path dir = Paths.get(args[1]);
    if (!Files.isDirectory(dir)) {
      err.println("conformance: not a directory: " + dir);
      return 2;
    }
    ConformanceRunner runner = ConformanceRunner.standard();
    if (runner.files().stream().noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
      err.println("conformance: " + dir + " holds none of the vector files " + runner.files());
      return 2;
    }
    ConformanceRunner.Summary s = runner.run(dir, out::println);
    out.println(s.line());
    out.flush();
    return s.allPassed() ? 0 : 1;
  }
}
