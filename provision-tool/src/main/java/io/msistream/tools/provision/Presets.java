package io.msistream.tools.provision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The answers given up front as command-line flags, as text (already checked by the same parsers
 * as typed answers); null where not given. Passwords come from files ({@code char[]}) or, with
 * {@code -}, from standard input. {@link #close()} wipes the password copies.
 *
 * @param keyType {@code --key-type}
 * @param rotPassword {@code --rot-password-file} contents, or null
 * @param rotFromStdin {@code --rot-password-file -}
 * @param provisioningPassword {@code --provisioning-password-file} contents, or null
 * @param provisioningFromStdin {@code --provisioning-password-file -}
 * @param nodeId {@code --node-id}
 * @param role {@code --role}
 * @param limited {@code --limited} given
 * @param topics {@code --topics} (empty text: all topics, after confirmation)
 * @param pathlen {@code --pathlen}
 * @param yes {@code --yes}: use the defaults of unanswered questions and confirm
 */
public record Presets(String keyType, char[] rotPassword, boolean rotFromStdin,
    char[] provisioningPassword, boolean provisioningFromStdin, String nodeId, String role,
    boolean limited, String topics, String pathlen, boolean yes) implements AutoCloseable {

  /** No answers given. */
  public static Presets none() {
    return new Presets(null, null, false, null, false, null, null, false, null, null, false);
  }

  /**
   * The flags a run with {@code --yes} and no terminal lacks: node id, role, topics and both
   * passwords have no default.
   */
  public List<String> missingRequired() {
    List<String> out = new ArrayList<>();
    if (rotPassword == null && !rotFromStdin) {
      out.add("--rot-password-file");
    }
    if (provisioningPassword == null && !provisioningFromStdin) {
      out.add("--provisioning-password-file");
    }
    if (nodeId == null) {
      out.add("--node-id");
    }
    if (role == null) {
      out.add("--role");
    }
    if (topics == null) {
      out.add("--topics");
    }
    return out;
  }

  @Override
  public void close() {
    if (rotPassword != null) {
      Arrays.fill(rotPassword, '\0');
    }
    if (provisioningPassword != null) {
      Arrays.fill(provisioningPassword, '\0');
    }
  }

  @Override
  public String toString() {
    return "Presets[nodeId=" + nodeId + ", role=" + role + ", topics=" + topics + ", pathlen="
        + pathlen + ", keyType=" + keyType + ", limited=" + limited + ", yes=" + yes + "]";
  }
}
