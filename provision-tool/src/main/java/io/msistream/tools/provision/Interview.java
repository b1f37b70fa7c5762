package io.msistream.tools.provision;

import io.msistream.crypto.cert.NodeRole;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * simple-provision's questions, in its order and with its defaults (spec kafkacrypto 8.4):
 * key type [1], root-of-trust password, provisioning password, node id, role, "limited" (roles 3
 * and 4) [no], topics (empty: confirm all topics), maximum path length [1], confirmation.
 * Questions answered by {@link Presets} are skipped; with {@code --yes} defaults are taken and
 * confirmations answered yes. On a terminal a wrong answer is asked again; from an answer stream it
 * stops the run.
 */
public final class Interview {
  static final String KEY_TYPE = "Key type (1 = Ed25519, 4 = Ed25519+SLH-DSA) [1]: ";
  static final String ROT_PASSWORD = "Root of trust password (at least "
      + Passwords.ROT_MIN_LENGTH + " characters): ";
  static final String PROVISIONING_PASSWORD = "Provisioning password (at least "
      + Passwords.PROVISIONING_MIN_LENGTH + " characters): ";
  static final String NODE_ID = "Node ID: ";
  static final String ROLE = "Role (1 = controller, 2 = producer, 3 = consumer,"
      + " 4 = consumer and producer): ";
  static final String LIMITED = "Limit this consumer to getting keys through a controller? [y/N]: ";
  static final String TOPICS = "Topics, separated by spaces (empty for all topics): ";
  static final String ALL_TOPICS = "No topics given: allow this node ALL topics (^.*$)? [y/N]: ";
  static final String PATHLEN = "Maximum path length (-1 for no limit) [1]: ";
  static final String CONFIRM = "Provision this node? [y/N]: ";

  private final Prompter prompter;
  private final Presets given;
  private final Path outputDir;
  private final boolean force;

  /**
   * @param outputDir where the node folder goes (an existing node id is refused at once)
   * @param force an existing node folder may be replaced
   */
  public Interview(Prompter prompter, Presets given, Path outputDir, boolean force) {
    this.prompter = prompter;
    this.given = given;
    this.outputDir = outputDir;
    this.force = force;
  }

  /** The result: answers and passwords (the caller closes the passwords). */
  public record Result(Answers answers, Passwords passwords) {}

  /** A parser of one answer. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(String text) throws ProvisionException;
  }

  /**
   * Asks what is missing and returns the answers.
   *
   * @throws ProvisionException on a wrong answer (from a stream), the end of input, or a "no" to
   *     a confirmation
   */
  public Result run() throws ProvisionException {
    boolean yes = given.yes();
    int keyType = given.keyType() != null ? Answers.parseKeyType(given.keyType())
        : yes ? Answers.DEFAULT_KEY_TYPE : ask(KEY_TYPE, "key type", Answers::parseKeyType);
    char[] rot = password(given.rotPassword(), ROT_PASSWORD, "root-of-trust password", true);
    char[] prov = null;
    try {
      prov = password(given.provisioningPassword(), PROVISIONING_PASSWORD, "provisioning password",
          false);
      String nodeId = given.nodeId() != null ? nodeId(given.nodeId())
          : ask(NODE_ID, "node id", this::nodeId);
      RoleChoice choice = given.role() != null ? RoleChoice.parse(given.role())
          : ask(ROLE, "role", RoleChoice::parse);
      boolean limited = false;
      if (given.limited() && !choice.asksLimited()) {
        throw new ProvisionException("--limited applies only to roles 3 (consumer) and 4"
            + " (consumer and producer), not to " + choice.label());
      }
      if (choice.asksLimited()) {
        limited = given.limited() || (!yes && ask(LIMITED, "limited", t -> Answers.parseYesNo(t, false)));
      }
      NodeRole role = choice.role(limited);
      List<String> topics = topics();
      Long pathlen = given.pathlen() != null ? Answers.parsePathlen(given.pathlen())
          : yes ? Long.valueOf(Answers.DEFAULT_PATHLEN) : ask(PATHLEN, "maximum path length",
              Answers::parsePathlen);
      Answers answers = new Answers(keyType, nodeId, role, topics, pathlen);
      if (!yes) {
        summary(answers).forEach(prompter::tell);
        if (!ask(CONFIRM, "confirmation", t -> Answers.parseYesNo(t, false))) {
          throw new ProvisionException("not confirmed; nothing was written");
        }
      }
      return new Result(answers, Passwords.of(rot, prov));
    } finally {
      Arrays.fill(rot, '\0');
      if (prov != null) {
        Arrays.fill(prov, '\0');
      }
    }
  }

  /** What is about to be made, as shown before the confirmation. */
  public List<String> summary(Answers a) {
    return List.of(
        "About to provision KafkaCrypto node \"" + a.nodeId() + "\":",
        "  key type:     " + a.keyType() + " (Ed25519)",
        "  role:         " + describe(a.role()),
        "  topics:       " + (a.allTopics() ? "all topics (^.*$)" : String.join(" ", a.topics())),
        "  path length:  " + a.pathlenText(),
        "  node folder:  " + outputDir.resolve(a.nodeId()));
  }

  /** A role with its certificate usages. */
  static String describe(NodeRole role) {
    String name = switch (role) {
      case CONTROLLER -> "controller";
      case PRODUCER -> "producer";
      case CONSUMER -> "consumer";
      case CONSUMER_LIMITED -> "consumer, limited to controllers";
      case PRODCON -> "consumer and producer";
      case PRODCON_LIMITED -> "consumer and producer, limited to controllers";
    };
    return name + " (" + String.join(", ", role.usages()) + ")";
  }

  private String nodeId(String text) throws ProvisionException {
    String id = Answers.parseNodeId(text);
    NodeFolder.checkTarget(outputDir, id, force);
    return id;
  }

  private List<String> topics() throws ProvisionException {
    while (true) {
      List<String> roots = given.topics() != null ? TopicRoots.parse(given.topics())
          : ask(TOPICS, "topics", TopicRoots::parse);
      if (!roots.isEmpty()) {
        return roots;
      }
      if (given.yes() || ask(ALL_TOPICS, "all topics", t -> Answers.parseYesNo(t, false))) {
        return TopicRoots.ALL;
      }
      if (!prompter.retries() || given.topics() != null) {
        throw new ProvisionException("no topics given and all topics not confirmed; nothing was"
            + " written");
      }
    }
  }

  private char[] password(char[] fromFile, String prompt, String what, boolean rot)
      throws ProvisionException {
    if (fromFile != null) {
      check(fromFile, rot);
      return fromFile.clone();
    }
    while (true) {
      char[] pw = prompter.askSecret(prompt);
      if (pw == null) {
        throw endOfInput(what);
      }
      try {
        check(pw, rot);
        return pw;
      } catch (ProvisionException e) {
        Arrays.fill(pw, '\0');
        if (!prompter.retries()) {
          throw e;
        }
        prompter.tell(e.getMessage());
      }
    }
  }

  private static void check(char[] pw, boolean rot) throws ProvisionException {
    if (rot) {
      Passwords.checkRot(pw);
    } else {
      Passwords.checkProvisioning(pw);
    }
  }

  private <T> T ask(String prompt, String what, Parser<T> parser) throws ProvisionException {
    while (true) {
      String line = prompter.ask(prompt);
      if (line == null) {
        throw endOfInput(what);
      }
      try {
        return parser.parse(line);
      } catch (ProvisionException e) {
        if (!prompter.retries()) {
          throw e;
        }
        prompter.tell(e.getMessage());
      }
    }
  }

  private static ProvisionException endOfInput(String what) {
    return new ProvisionException("input ended before the " + what + " was answered; nothing was"
        + " written");
  }
}
