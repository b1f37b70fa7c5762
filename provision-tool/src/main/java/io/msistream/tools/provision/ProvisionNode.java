package io.msistream.tools.provision;

import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.OwnerOnly;
import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.ArgType;
import io.msistream.stream.cli.ArgTypes;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CliSpec;
import io.msistream.stream.cli.ToolMain;
import io.msistream.stream.cli.UsageException;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.ToolDefaults;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ProvisionNode}: makes a KafkaCrypto node folder {@code config_files/<id>/} with
 * {@code <id>.config}, {@code <id>.crypto} and {@code <id>.seed}, as KafkaCrypto's
 * simple-provision does (spec kafkacrypto 5.5, 8.4; openmsistream 10). It asks simple-provision's
 * questions in the same order with the same defaults ({@link Interview}); each can also be
 * answered by a flag for scripts ({@code --node-id}, {@code --role}, ... {@code --yes}).
 * Passwords are typed without echo on a terminal, read from standard input without one, or read
 * from files; never from the command line. The node is written to a staging folder and renamed
 * into place ({@link NodeFolder}). {@code --script-path} runs an external provisioning script
 * instead ({@link ScriptProvisioning}).
 *
 * <p>Exit status: 0 done; 2 bad input or environment (one line on standard error, nothing
 * written); 1 unexpected failure.
 */
public final class ProvisionNode {
  /** The program name (messages, help, config keys). */
  public static final String PROGRAM = "ProvisionNode";

  private static final Logger LOG = LoggerFactory.getLogger(ProvisionNode.class);

  static final Arg<String> MODE = Arg.option("mode", ArgTypes.choice("simple", "online"), "simple",
      "simple: the built-in equivalent of KafkaCrypto's simple-provision; online: not available"
          + " here (its script is not public)");
  static final Arg<Path> SCRIPT_PATH = Arg.option("script-path", ArgTypes.PATH, null,
      "Run this provisioning script (or " + ScriptProvisioning.SIMPLE_SCRIPT + "/"
          + ScriptProvisioning.ONLINE_SCRIPT + " in this folder) with python3 instead, and install"
          + " the node it writes").metavar("PATH");
  static final Arg<String> KEY_TYPE = Arg.option("key-type", answer(Answers::parseKeyType), null,
      "Signing key type: 1 = Ed25519 (default; type 4 is refused)").metavar("TYPE");
  static final Arg<Path> ROT_PASSWORD_FILE = Arg.option("rot-password-file", passwordFile(), null,
      "File whose first line is the root-of-trust password (at least "
          + Passwords.ROT_MIN_LENGTH + " characters); '-' reads it from standard input")
      .metavar("FILE");
  static final Arg<Path> PROVISIONING_PASSWORD_FILE = Arg.option("provisioning-password-file",
      passwordFile(), null, "File whose first line is the provisioning password (at least "
          + Passwords.PROVISIONING_MIN_LENGTH + " characters); '-' reads it from standard input")
      .metavar("FILE");
  static final Arg<String> NODE_ID = Arg.option("node-id", answer(Answers::parseNodeId), null,
      "Node id: the folder and file names (ASCII letters, digits, '.', '_', '-')").metavar("ID");
  static final Arg<String> ROLE = Arg.option("role", answer(RoleChoice::parse), null,
      "1 or controller, 2 or producer, 3 or consumer, 4 or prodcon (consumer and producer)")
      .metavar("ROLE");
  static final Arg<Boolean> LIMITED = Arg.flag("limited",
      "Roles 3 and 4: the node gets keys only through a controller (default: not limited)");
  static final Arg<String> TOPICS = Arg.option("topics", answer(TopicRoots::parse), null,
      "Space-separated topics, reduced to their root topics; \"\" means all topics (confirmed by"
          + " --yes)").metavar("TOPICS");
  static final Arg<String> PATHLEN = Arg.option("pathlen", answer(Answers::parsePathlen), null,
      "Maximum path length of the node certificate (default 1; -1 for no limit)").metavar("N");
  static final Arg<Boolean> YES = Arg.flag("yes",
      "Do not ask for confirmation and take the defaults of unanswered questions; without a"
          + " terminal every answer without a default must then be given as a flag");
  static final Arg<Path> OUTPUT_DIR = Arg.option("output-dir", ArgTypes.DIRECTORY_TO_CREATE, null,
      "Folder to create the node folder <ID>/ in (default: the config_files folder, "
          + ConfigDirs.fromEnvironment().describe() + ")").metavar("DIR");
  static final Arg<Boolean> FORCE = Arg.flag("force",
      "Replace an existing node folder of the same id (its keys are deleted)");

  private static final List<Arg<?>> ANSWER_FLAGS = List.of(KEY_TYPE, ROT_PASSWORD_FILE,
      PROVISIONING_PASSWORD_FILE, NODE_ID, ROLE, LIMITED, TOPICS, PATHLEN, YES);

  /** The command line. */
  public static final CliSpec SPEC = CliSpec.builder(PROGRAM)
      .description("Provision a KafkaCrypto node (what KafkaCrypto's simple-provision does): asks"
          + " for the key type, root-of-trust password, provisioning password, node id, role,"
          + " whether a consumer is limited to controllers, topics, maximum path length and a"
          + " confirmation, then writes config_files/<node id>/ with <id>.config, <id>.crypto and"
          + " <id>.seed. Answers may be given as flags; passwords only in files or on standard"
          + " input.")
      .add(MODE, SCRIPT_PATH, KEY_TYPE, ROT_PASSWORD_FILE, PROVISIONING_PASSWORD_FILE, NODE_ID, ROLE,
          LIMITED, TOPICS, PATHLEN, YES, OUTPUT_DIR, FORCE)
      .mutuallyExclusive(MODE, SCRIPT_PATH)
      .withLogging(args -> null)
      .versionOf(ProvisionNode.class)
      .defaults(ToolDefaults.forProgram(PROGRAM))
      .build();

  private final ToolEnv env;

  ProvisionNode(ToolEnv env) {
    this.env = env;
  }

  /** Runs the tool and exits with its status. */
  public static void main(String[] argv) {
    ToolMain.main(SPEC, args -> new ProvisionNode(ToolEnv.system()).run(args), argv);
  }

  /** Runs in-process with {@code env} and returns the exit status. */
  static int run(ToolEnv env, String... argv) {
    return ToolMain.run(SPEC, args -> new ProvisionNode(env).run(args), argv, env.out(), env.err());
  }

  void run(CliArgs args) throws ProvisionException {
    if ("online".equals(args.get(MODE))) {
      throw new ProvisionException("--mode online is not available here: online provisioning"
          + " (online-provision.py) is private to its authors; use --mode simple (the default) or"
          + " --script-path PATH");
    }
    boolean force = args.get(FORCE);
    Path outputDir = outputDir(args);
    if (args.get(SCRIPT_PATH) != null) {
      runScript(args, outputDir, force);
      return;
    }
    try (Presets given = presets(args)) {
      boolean terminal = env.console() != null;
      if (given.yes() && !terminal && !given.missingRequired().isEmpty()) {
        throw new ProvisionException("with --yes and no terminal, give "
            + String.join(", ", given.missingRequired()));
      }
      if (given.nodeId() != null) {
        NodeFolder.checkTarget(outputDir, given.nodeId(), force);
      }
      Prompter prompter = terminal ? new ConsolePrompter(env.console())
          : new StreamPrompter(env.in(), env.err(), env.stdinIsTerminal());
      Interview.Result r = new Interview(prompter, given, outputDir, force).run();
      String id = r.answers().nodeId();
      try (Passwords pw = r.passwords();
          ProvisionedNode node = ProvisionedNode.create(r.answers(), pw, env.nowSeconds(),
              env.random(), env.caFile());
          NodeFolder folder = NodeFolder.stage(outputDir, id)) {
        node.writeTo(folder.staging());
        Path dir = folder.install(id, force);
        LOG.info("Successfully set up new KafkaCrypto node called \"{}\"", id);
        report(node, dir, env.out());
        warnIfUnprotected(dir);
      } catch (NodeFileException e) {
        throw new ProvisionException("cannot write the node files: " + e.getMessage(), e);
      }
    }
  }

  private void runScript(CliArgs args, Path outputDir, boolean force) throws ProvisionException {
    for (Arg<?> a : ANSWER_FLAGS) {
      if (args.isGiven(a)) {
        throw new ProvisionException(a.display() + " cannot be used with --script-path (the"
            + " script asks its own questions)");
      }
    }
    Path script = args.get(SCRIPT_PATH);
    Path dir = new ScriptProvisioning(env.python(), env.childIn(), env.childOut(), env.childErr())
        .run(script, outputDir, force);
    String id = dir.getFileName().toString();
    LOG.info("Successfully set up new KafkaCrypto node called \"{}\"", id);
    PrintStream out = env.out();
    out.println("Successfully set up new KafkaCrypto node \"" + id + "\" with " + script);
    out.println("  node folder:  " + dir);
    out.println("  files:        " + id + ".config, " + id + ".crypto (secret), " + id
        + ".seed (secret)");
    out.println("Use it with \"[kafkacrypto] node_id = " + id + "\" in an OpenMSIStream config.");
    out.flush();
    warnIfUnprotected(dir);
  }

  /** Warns when the node folder's file system cannot keep the secret files to their owner. */
  static boolean warnIfUnprotected(Path dir) {
    if (OwnerOnly.available(dir) != OwnerOnly.Protection.NONE) {
      return false;
    }
    LOG.warn("The file system of {} has neither POSIX modes nor ACLs, so the secret .crypto and"
        + " .seed files are readable by whoever can read that folder: move the node folder to a"
        + " file system that can restrict them (e.g. NTFS, ext4, APFS)", dir);
    return true;
  }

  /** What simple-provision prints in substance, and the one-time seed backup for producers. */
  static void report(ProvisionedNode node, Path dir, PrintStream out) {
    Answers a = node.answers();
    String id = a.nodeId();
    out.println("Successfully set up new KafkaCrypto node \"" + id + "\"");
    out.println("  role:          " + Interview.describe(a.role()));
    out.println("  topics:        "
        + (a.allTopics() ? "all topics (^.*$)" : String.join(" ", a.topics())));
    out.println("  path length:   " + a.pathlenText());
    out.println("  root of trust: " + HexFormat.of().formatHex(node.rootKey().byteForm()));
    out.println("  node folder:   " + dir);
    out.println("  files:         " + id + ".config, " + id + ".crypto (secret), " + id
        + ".seed (secret)");
    out.println("Use it with \"[kafkacrypto] node_id = " + id + "\" in an OpenMSIStream config.");
    if (a.producer()) {
      out.println();
      out.println("ONE-TIME BACKUP of this producer's initial ratchet secret (" + id
          + ".seed, key index 0):");
      out.println("  " + node.seedBackupHex());
      out.println("It is shown only now and is not logged: store it offline if you may need to"
          + " recover keys of data this producer encrypts.");
    }
    out.flush();
  }

  private Path outputDir(CliArgs args) throws ProvisionException {
    Path given = args.get(OUTPUT_DIR);
    if (given != null) {
      return NodeFolder.checkOutputDir(given);
    }
    ConfigDirs dirs = env.configDirs().get();
    for (Path d : dirs.searchDirs()) {
      if (Files.isDirectory(d)) {
        return NodeFolder.checkOutputDir(d);
      }
    }
    if (dirs.fromEnvironmentVariable()) {
      return NodeFolder.checkOutputDir(dirs.searchDirs().get(0));
    }
    throw new ProvisionException("no config_files folder found (looked for " + dirs.describe()
        + "); create one, set " + ConfigDirs.ENV_VAR + ", or use --output-dir");
  }

  private Presets presets(CliArgs args) throws ProvisionException {
    Path rotFile = args.get(ROT_PASSWORD_FILE);
    Path provFile = args.get(PROVISIONING_PASSWORD_FILE);
    char[] rot = null;
    char[] prov = null;
    try {
      if (rotFile != null && !isStdin(rotFile)) {
        rot = Passwords.readFile(rotFile, "root-of-trust password");
        Passwords.checkRot(rot);
      }
      if (provFile != null && !isStdin(provFile)) {
        prov = Passwords.readFile(provFile, "provisioning password");
        Passwords.checkProvisioning(prov);
      }
    } catch (ProvisionException e) {
      wipe(rot);
      wipe(prov);
      throw e;
    }
    return new Presets(args.get(KEY_TYPE), rot, rotFile != null && isStdin(rotFile), prov,
        provFile != null && isStdin(provFile), args.get(NODE_ID), args.get(ROLE), args.get(LIMITED),
        args.get(TOPICS), args.get(PATHLEN), args.get(YES));
  }

  private static void wipe(char[] a) {
    if (a != null) {
      java.util.Arrays.fill(a, '\0');
    }
  }

  private static final Path STDIN = Path.of("-");

  private static boolean isStdin(Path p) {
    return p.equals(STDIN);
  }

  /** A password file argument: {@code -} (standard input) or a path. */
  private static ArgType<Path> passwordFile() {
    return text -> text.equals("-") ? STDIN : ArgTypes.PATH.parse(text);
  }

  /** An answer given as a flag, checked by the same parser as a typed answer; kept as text. */
  private interface AnswerCheck {
    Object parse(String text) throws ProvisionException;
  }

  private static ArgType<String> answer(AnswerCheck check) {
    return text -> {
      try {
        check.parse(text);
        return text;
      } catch (ProvisionException e) {
        throw new UsageException(e.getMessage(), e);
      }
    };
  }
}
