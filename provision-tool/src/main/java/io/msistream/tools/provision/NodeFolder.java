package io.msistream.tools.provision;

import io.msistream.crypto.node.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node folder being made: a fresh hidden staging folder (mode 0700) beside the final
 * {@code <output dir>/<node id>}, filled, then renamed into place in one step, so the node appears
 * complete or not at all. Closing a staging folder that was not installed deletes it (also on
 * Ctrl-C, through a shutdown hook). An existing node folder is replaced only when asked
 * ({@code force}); the old folder is then moved aside first and deleted after the new one is in
 * place.
 */
public final class NodeFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeFolder.class);

  private final Path outputDir;
  private final Path staging;
  private final Thread cleanup;
  private boolean done;

  private NodeFolder(Path outputDir, Path staging) {
    this.outputDir = outputDir;
    this.staging = staging;
    this.cleanup = new Thread(() -> deleteQuietly(staging), "provision-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Checks that {@code outputDir} is a usable folder for node folders (created with its parents
   * when missing) and returns it, absolute.
   */
  public static Path checkOutputDir(Path outputDir) throws ProvisionException {
    Path dir = outputDir.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ProvisionException("output folder " + dir + " exists and is not a folder");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ProvisionException("cannot create the output folder " + dir + ": " + describe(e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new ProvisionException("the output folder " + dir + " is not writable");
    }
    return dir;
  }

  /**
   * Checks that {@code <outputDir>/<nodeId>} may be created: it must not exist, unless
   * {@code force} is set and it is a folder.
   */
  public static void checkTarget(Path outputDir, String nodeId, boolean force)
      throws ProvisionException {
    Path target = outputDir.resolve(nodeId);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!force) {
        throw new ProvisionException("node folder " + target + " already exists; choose another"
            + " node id, or use --force to replace it (its keys are deleted)");
      }
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new ProvisionException(target + " exists and is not a node folder; not replacing it");
      }
    }
  }

  /** Creates a staging folder (0700, or an owner-only ACL on Windows) in {@code outputDir}. */
  public static NodeFolder stage(Path outputDir, String label) throws ProvisionException {
    Path dir = checkOutputDir(outputDir);
    try {
      FileAttribute<?>[] attrs = OwnerOnly.creationAttributes(dir, true);
      return new NodeFolder(dir, Files.createTempDirectory(dir, "." + label + ".provisioning-", attrs));
    } catch (IOException e) {
      throw new ProvisionException("cannot create a folder in " + dir + ": " + describe(e), e);
    }
  }

  /** The staging folder to fill. */
  public Path staging() {
    return staging;
  }

  /** The folder the staging folder is in. */
  public Path outputDir() {
    return outputDir;
  }

  /**
   * Renames the staging folder to {@code <outputDir>/<nodeId>} in one step.
   *
   * @param force replace an existing node folder
   * @return the node folder
   * @throws ProvisionException if the node folder exists (without {@code force}) or the rename
   *     fails; the staging folder is then still there and {@link #close()} removes it
   */
  public Path install(String nodeId, boolean force) throws ProvisionException {
    if (done) {
      throw new IllegalStateException("already installed");
    }
    checkTarget(outputDir, nodeId, force);
    forceFolder(staging);
    Path target = outputDir.resolve(nodeId);
    Path old = null;
    try {
      if (force && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        old = Files.createTempDirectory(outputDir, "." + nodeId + ".replaced-");
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (old != null) {
          Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the old node back
          old = null;
        }
        throw e;
      }
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      throw new ProvisionException("node folder " + target + " appeared while provisioning; not"
          + " replacing it", e);
    } catch (AtomicMoveNotSupportedException e) {
      throw new ProvisionException("cannot rename " + staging + " to " + target
          + " in one step on this file system", e);
    } catch (IOException e) {
      throw new ProvisionException("cannot move the new node into " + target + ": " + describe(e), e);
    }
    done = true;
    removeHook();
    forceFolder(outputDir);
    if (old != null) {
      deleteQuietly(old);
      LOG.info("Replaced the previous node folder {} (--force)", target);
    }
    return target;
  }

  /** Deletes the staging folder unless it was installed. */
  @Override
  public void close() {
    if (!done) {
      done = true;
      deleteQuietly(staging);
      removeHook();
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (and finds nothing) or has run
    }
  }

  /** Deletes a folder tree, best effort. */
  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
          Files.deleteIfExists(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", dir, describe(e));
    }
  }

  private static void forceFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can force a folder
    }
  }

  static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
