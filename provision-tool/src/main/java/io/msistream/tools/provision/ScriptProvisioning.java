package io.msistream.tools.provision;

import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * OpenMSIStream's way (spec openmsistream 10.2): run an external provisioning script with Python
 * in a fresh staging folder, check what it wrote — exactly one {@code .config}, {@code .crypto}
 * and {@code .seed}, with one stem, and {@code [DEFAULT] node_id} equal to that stem — then move
 * the folder into place as {@code <output dir>/<stem>}. Improvements over upstream: the staging
 * folder is unique (no clash between two runs), the node is loaded once to check its files, the
 * secret files are set to 0600 and the folder to 0700, and an existing node is not replaced
 * without {@code --force}. On any failure the staging folder is removed.
 */
public final class ScriptProvisioning {
  /** The script looked for in a folder given as {@code --script-path}. */
  public static final String SIMPLE_SCRIPT = "simple-provision.py";
  /** The script looked for second. */
  public static final String ONLINE_SCRIPT = "online-provision.py";

  private final List<String> python;
  private final ProcessBuilder.Redirect in;
  private final ProcessBuilder.Redirect out;
  private final ProcessBuilder.Redirect err;

  /**
   * @param python the interpreter command (normally {@code python3})
   * @param in where the script's standard input comes from (normally the terminal: inherited)
   */
  public ScriptProvisioning(List<String> python, ProcessBuilder.Redirect in,
      ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
    this.python = List.copyOf(python);
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** The script a {@code --script-path} names: the file, or a known script in the folder. */
  public static Path locate(Path scriptPath) throws ProvisionException {
    if (Files.isRegularFile(scriptPath)) {
      return scriptPath;
    }
    if (Files.isDirectory(scriptPath)) {
      for (String name : List.of(SIMPLE_SCRIPT, ONLINE_SCRIPT)) {
        Path p = scriptPath.resolve(name);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
      throw new ProvisionException("no " + SIMPLE_SCRIPT + " or " + ONLINE_SCRIPT + " in "
          + scriptPath);
    }
    throw new ProvisionException("provisioning script " + scriptPath + " does not exist");
  }

  /**
   * Runs the script and installs its node.
   *
   * @return the node folder
   */
  public Path run(Path scriptPath, Path outputDir, boolean force) throws ProvisionException {
    Path script = locate(scriptPath).toAbsolutePath();
    try (NodeFolder folder = NodeFolder.stage(outputDir, "script")) {
      List<String> cmd = new ArrayList<>(python);
      cmd.add(script.toString());
      int status;
      try {
        Process p = new ProcessBuilder(cmd).directory(folder.staging().toFile())
            .redirectInput(in).redirectOutput(out).redirectError(err).start();
        status = p.waitFor();
      } catch (IOException e) {
        throw new ProvisionException("cannot run " + String.join(" ", cmd) + ": "
            + NodeFolder.describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProvisionException("interrupted while the provisioning script ran", e);
      }
      if (status != 0) {
        throw new ProvisionException("provisioning script " + script + " failed (exit status "
            + status + "); nothing was installed");
      }
      return folder.install(verify(folder.staging()), force);
    }
  }

  /**
   * Checks a folder a script wrote and tightens its modes.
   *
   * @return the node id
   */
  static String verify(Path dir) throws ProvisionException {
    Path config = single(dir, ".config");
    Path crypto = single(dir, ".crypto");
    Path seed = single(dir, ".seed");
    String stem = stem(config, ".config");
    if (!stem.equals(stem(crypto, ".crypto")) || !stem.equals(stem(seed, ".seed"))) {
      throw new ProvisionException("the provisioning script wrote " + config.getFileName() + ", "
          + crypto.getFileName() + " and " + seed.getFileName() + ": their names must match");
    }
    try {
      Answers.parseNodeId(stem);
    } catch (ProvisionException e) {
      throw new ProvisionException("the provisioning script made node '" + stem + "', which is"
          + " not a usable node id: " + e.getMessage());
    }
    try {
      String id = NodeConfig.read(config).nodeId();
      if (!id.equals(stem)) {
        throw new ProvisionException("the provisioning script's " + config.getFileName()
            + " has [DEFAULT] node_id '" + id + "', not '" + stem + "'");
      }
      protect(dir, crypto, seed);
      Node.loadConfig(config).close(); // the three files must be usable as a node
    } catch (NodeFileException e) {
      throw new ProvisionException("the provisioning script wrote an unusable node: "
          + e.getMessage(), e);
    }
    return stem;
  }

  private static Path single(Path dir, String suffix) throws ProvisionException {
    List<Path> found;
    try (Stream<Path> s = Files.list(dir)) {
      found = s.filter(p -> p.getFileName().toString().endsWith(suffix)
          && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    } catch (IOException e) {
      throw new ProvisionException("cannot list " + dir + ": " + NodeFolder.describe(e), e);
    }
    if (found.size() != 1) {
      throw new ProvisionException("the provisioning script must write exactly one *" + suffix
          + " file; it wrote " + found.size());
    }
    return found.get(0);
  }

  private static String stem(Path p, String suffix) {
    String n = p.getFileName().toString();
    return n.substring(0, n.length() - suffix.length());
  }

  /** Secret files 0600 and the folder 0700 (owner-only ACLs on Windows; nothing on FAT). */
  private static void protect(Path dir, Path crypto, Path seed) throws ProvisionException {
    try {
      OwnerOnly.restrict(crypto);
      OwnerOnly.restrict(seed);
      OwnerOnly.restrict(dir);
    } catch (IOException e) {
      throw new ProvisionException("cannot restrict the modes of the new secret files: "
          + NodeFolder.describe(e), e);
    }
  }
}
