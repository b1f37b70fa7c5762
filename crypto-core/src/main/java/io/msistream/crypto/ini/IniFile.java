package io.msistream.crypto.ini;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Reads INI files (UTF-8) and replaces them atomically. */
public final class IniFile {
  private IniFile() {}

  /**
   * Reads and parses a UTF-8 INI file.
   *
   * @throws IniException kind IO if it cannot be read (including a missing file), ENCODING if it is
   *     not UTF-8, or any parse error
   */
  public static Ini read(Path file, IniDialect dialect) throws IniException {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IniException(IniException.Kind.IO, name, 0, null, null, "no such file", e);
    } catch (IOException e) {
      throw new IniException(IniException.Kind.IO, name, 0, null, null,
          "cannot read: " + e.getClass().getSimpleName(), e);
    }
    return Ini.parse(decode(bytes, name), dialect, name);
  }

  /** Decodes UTF-8 strictly. */
  static String decode(byte[] bytes, String name) throws IniException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IniException(IniException.Kind.ENCODING, name, 0, null, null, "not valid UTF-8", e);
    }
  }

  /**
   * Replaces {@code file} with {@code ini.write()}: the text goes to a temporary file in the same
   * folder, is forced to disk, and is moved over the target atomically, so readers see either the
   * old or the new file, never a mix. An existing file's POSIX permissions are kept.
   *
   * @throws IniException kind IO if any step fails (the target is then unchanged)
   */
  public static void writeAtomically(Path file, Ini ini) throws IniException {
    writeAtomically(file, ini.write().getBytes(StandardCharsets.UTF_8));
  }

  /** Atomically replaces {@code file} with {@code content} (see {@link #writeAtomically(Path, Ini)}). */
  static void writeAtomically(Path file, byte[] content) throws IniException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Set<PosixFilePermission> perms = null;
      if (Files.exists(target)) {
        PosixFileAttributeView v = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (v != null) {
          perms = v.readAttributes().permissions();
        }
      }
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (perms != null) {
        Files.setPosixFilePermissions(tmp, perms);
      } else if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(tmp, Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ));
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new IniException(IniException.Kind.IO, file.toString(), 0, null, null,
          "cannot write: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file holds no secret
        }
      }
    }
  }

  /** Forces a directory entry change to disk where the platform allows it (POSIX). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported on every platform/file system; the data itself was already forced
    }
  }
}
