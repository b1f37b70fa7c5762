package io.msistream.tools.provision;

import io.msistream.crypto.cert.NodeRole;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The non-secret answers of a provisioning run (simple-provision's questions, spec kafkacrypto
 * 8.4), validated; the passwords are kept apart in {@link Passwords}. The static {@code parse}
 * methods are the one place where answer text is checked, for prompts and flags alike.
 *
 * @param keyType the signing key type (only 1, Ed25519, is supported; see {@link #parseKeyType})
 * @param nodeId the node id (also the folder and file names)
 * @param role the certificate role
 * @param topics root topics in the order given, or {@link TopicRoots#ALL}
 * @param pathlen the certificate's path length, or null for none (the answer -1)
 */
public record Answers(int keyType, String nodeId, NodeRole role, List<String> topics, Long pathlen) {
  /** simple-provision's default key type (Ed25519). */
  public static final int DEFAULT_KEY_TYPE = 1;
  /** simple-provision's default maximum path length. */
  public static final long DEFAULT_PATHLEN = 1;
  /** Longest accepted node id (file names get {@code .config}/{@code .crypto} appended). */
  public static final int MAX_NODE_ID_LENGTH = 200;

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  public Answers {
    if (keyType != DEFAULT_KEY_TYPE) {
      throw new IllegalArgumentException("only key type 1 is supported");
    }
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(role, "role");
    topics = List.copyOf(topics);
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("topics must not be empty (use TopicRoots.ALL)");
    }
    if (pathlen != null && pathlen < 1) {
      throw new IllegalArgumentException("pathlen must be at least 1, or null for none");
    }
  }

  /** True if the node certificate allows every topic. */
  public boolean allTopics() {
    return topics.equals(TopicRoots.ALL);
  }

  /** True for roles that produce (their certificate has {@code key-encrypt}). */
  public boolean producer() {
    return role.usages().contains(NodeRole.Usage.ENCRYPT);
  }

  /**
   * The key type answer: blank or {@code 1} give Ed25519. Type 4 (Ed25519 + SLH-DSA) is refused:
   * its password-derived root and provisioner keys must be derived exactly as KafkaCrypto does, and
   * that derivation is not specified or checked against Python anywhere yet, so a type-4 node made
   * here might not trust (or be trusted by) Python nodes made with the same passwords.
   */
  public static int parseKeyType(String answer) throws ProvisionException {
    String a = answer.strip();
    if (a.isEmpty() || a.equals("1")) {
      return DEFAULT_KEY_TYPE;
    }
    if (a.equals("4")) {
      throw new ProvisionException("key type 4 (Ed25519+SLH-DSA) is not supported by this"
          + " ProvisionNode: its password-derived keys are not verified to match KafkaCrypto's;"
          + " use key type 1 (Ed25519), which every KafkaCrypto node accepts");
    }
    throw new ProvisionException("unknown key type '" + a + "': answer 1 (Ed25519)");
  }

  /**
   * A node id: 1 to {@value #MAX_NODE_ID_LENGTH} ASCII letters, digits, {@code .}, {@code _} and
   * {@code -}, not starting with {@code .} or {@code -}, and not {@code DEFAULT} (the name of the
   * config's shared section). It names the node folder, its files and config sections, so
   * anything that could escape the folder or break the INI file is refused.
   */
  public static String parseNodeId(String answer) throws ProvisionException {
    String id = answer.strip();
    if (id.isEmpty()) {
      throw new ProvisionException("the node id must not be empty");
    }
    if (id.indexOf('/') >= 0 || id.indexOf('\\') >= 0) {
      throw new ProvisionException("node id '" + id + "' must not contain path separators");
    }
    if (id.length() > MAX_NODE_ID_LENGTH) {
      throw new ProvisionException("node id is longer than " + MAX_NODE_ID_LENGTH + " characters");
    }
    if (!NODE_ID.matcher(id).matches()) {
      throw new ProvisionException("node id '" + id + "' may only use ASCII letters, digits, '.',"
          + " '_' and '-', and must start with a letter, digit or '_'");
    }
    if (id.equals("DEFAULT")) {
      throw new ProvisionException("node id 'DEFAULT' clashes with the config's [DEFAULT] section");
    }
    return id;
  }

  /**
   * The maximum path length answer: blank gives {@value #DEFAULT_PATHLEN}, {@code -1} gives none
   * (no pathlen in the certificate), any other whole number must be at least 1 (a node
   * certificate with pathlen 0 makes every message the node signs invalid, spec 5.4).
   *
   * @return the path length, or null for none
   */
  public static Long parsePathlen(String answer) throws ProvisionException {
    String a = answer.strip();
    if (a.isEmpty()) {
      return DEFAULT_PATHLEN;
    }
    long v;
    try {
      v = Long.parseLong(a);
    } catch (NumberFormatException e) {
      throw new ProvisionException("maximum path length '" + a + "' is not a whole number");
    }
    if (v == -1) {
      return null;
    }
    if (v == 0) {
      throw new ProvisionException("maximum path length 0 would make every message the node signs"
          + " invalid; use 1 (the default) or -1 for no limit");
    }
    if (v < 0) {
      throw new ProvisionException("maximum path length must be at least 1, or -1 for no limit");
    }
    return v;
  }

  /**
   * A yes/no answer: {@code y}/{@code yes} or {@code n}/{@code no} in any case; blank gives
   * {@code dflt}.
   */
  public static boolean parseYesNo(String answer, boolean dflt) throws ProvisionException {
    String a = answer.strip().toLowerCase(Locale.ROOT);
    if (a.isEmpty()) {
      return dflt;
    }
    if (a.equals("y") || a.equals("yes")) {
      return true;
    }
    if (a.equals("n") || a.equals("no")) {
      return false;
    }
    throw new ProvisionException("please answer y or n, not '" + answer.strip() + "'");
  }

  /** The pathlen as simple-provision's answer shows it ({@code -1} for none). */
  public String pathlenText() {
    return pathlen == null ? "-1 (no limit)" : pathlen.toString();
  }
}
