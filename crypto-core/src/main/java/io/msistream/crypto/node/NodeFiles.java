package io.msistream.crypto.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * File handling for node secrets: {@code .crypto} and {@code .seed} are created 0600 (never
 * readable by others, not even briefly), node folders 0700; on file systems without POSIX modes
 * (Windows) with an owner-only ACL instead ({@link OwnerOnly}). {@code .crypto} is replaced
 * atomically; {@code .seed} is rewritten in place, as KafkaCrypto does, so no copy of an older
 * secret is left in a temporary file.
 */
public final class NodeFiles {
  private NodeFiles() {}

  /** Creates a node folder (and missing parents) with mode 0700; an existing folder is kept. */
  public static Path createNodeDirectory(Path dir) throws NodeFileException {
    try {
      if (Files.isDirectory(dir)) {
        return dir;
      }
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(dir, parent == null ? new FileAttribute<?>[0]
          : OwnerOnly.creationAttributes(parent, true));
      return dir;
    } catch (IOException e) {
      throw new NodeFileException(dir.toString(), "cannot create node folder: " + describe(e), e);
    }
  }

  /** Reads a secret file; the caller wipes the returned array. */
  static byte[] readSecret(Path file) throws NodeFileException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NodeFileException(file.toString(), "no such file", e);
    } catch (IOException e) {
      throw new NodeFileException(file.toString(), "cannot read: " + describe(e), e);
    }
  }

  /** Reads and parses a {@code .crypto} file. */
  public static CryptoFile readCrypto(Path file) throws NodeFileException {
    byte[] b = readSecret(file);
    try {
      return CryptoFile.parse(b, file.toString());
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Replaces a {@code .crypto} file atomically with {@code crypto.encode()}, mode 0600. */
  public static void writeCrypto(Path file, CryptoFile crypto) throws NodeFileException {
    byte[] b = crypto.encode();
    try {
      replaceSecretAtomically(file, b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Writes {@code content} to a new 0600 temporary file, forces it, and moves it over {@code file}. */
  static void replaceSecretAtomically(Path file, byte[] content) throws NodeFileException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
          OwnerOnly.creationAttributes(dir, false));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writeFully(ch, content);
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new NodeFileException(file.toString(), "cannot write: " + describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more can be done; the folder is 0700
        }
      }
    }
  }

  /**
   * Overwrites a secret file in place (creating it 0600 if missing): write at offset 0, cut the
   * length, force to disk. An existing file is restricted to its owner first (mode 0600, or the
   * owner-only ACL).
   */
  static void rewriteSecretInPlace(Path file, byte[] content) throws NodeFileException {
    try {
      FileChannel ch;
      try {
        ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.WRITE,
            StandardOpenOption.CREATE_NEW), OwnerOnly.creationAttributes(
                file.toAbsolutePath().getParent(), false));
      } catch (FileAlreadyExistsException e) {
        OwnerOnly.restrict(file);
        ch = FileChannel.open(file, StandardOpenOption.WRITE);
      }
      try (FileChannel c = ch) {
        c.position(0);
        writeFully(c, content);
        c.truncate(content.length);
        c.force(true);
      }
    } catch (IOException e) {
      throw new NodeFileException(file.toString(), "cannot write: " + describe(e), e);
    }
  }

  private static void writeFully(FileChannel ch, byte[] content) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(content);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can force a folder; the file itself was forced
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
