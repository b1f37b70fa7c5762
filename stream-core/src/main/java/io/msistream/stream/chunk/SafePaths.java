package io.msistream.stream.chunk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a received relative location into a path that is guaranteed to lie inside the output
 * directory (fixing the path-traversal hole of spec §2.3). Rejected, with {@link
 * UnsafePathException}:
 *
 * <ul>
 *   <li>a {@code subdir_str} that is absolute, has empty components ({@code a//b}, trailing
 *       {@code /}), {@code .} or {@code ..} components, backslashes or NUL;
 *   <li>a {@code filename} that is empty, {@code .}/{@code ..}, or contains {@code /},
 *       {@code \}, or NUL; the same for {@code filename_append};
 *   <li>any component starting with a drive letter ({@code C:});
 *   <li>on Windows file systems, names Windows would change or treat as a device: a component
 *       ending with a dot or a space (Windows drops them, so {@code a.} would write {@code a} and
 *       {@code ...} the folder itself) and the device names {@code CON}, {@code PRN},
 *       {@code AUX}, {@code NUL}, {@code COM1}..{@code COM9}, {@code LPT1}..{@code LPT9} (in any
 *       case, with or without an extension);
 *   <li>a result that the file system cannot represent or that, after normalisation or through an
 *       existing symbolic link, leaves the output directory.
 * </ul>
 */
public final class SafePaths {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
  private static final Pattern WINDOWS_DEVICE = Pattern.compile(
      "(?i)(CON|PRN|AUX|NUL|COM[1-9\u00b9\u00b2\u00b3]|LPT[1-9\u00b9\u00b2\u00b3])(\\..*)?");

  private SafePaths() {}

  /**
   * The reconstruction target {@code <outputDir>/<subdir>/<filename with append>} (spec §7.4).
   *
   * @param outputDir the reconstruction root
   * @param subdir POSIX relative directory as received, {@code ""} for the root
   * @param filename base name as received
   * @param filenameAppend suffix inserted before the extension, {@code ""} for none
   */
  public static Path resolve(Path outputDir, String subdir, String filename, String filenameAppend)
      throws UnsafePathException {
    return resolve(outputDir, subdir, filename, filenameAppend,
        outputDir.getFileSystem().getSeparator().equals("\\"));
  }

  /** {@link #resolve(Path, String, String, String)} with Windows' naming rules or without. */
  static Path resolve(Path outputDir, String subdir, String filename, String filenameAppend,
      boolean windowsNames) throws UnsafePathException {
    List<String> parts = subdirComponents(subdir);
    checkName("filename", filename, false);
    checkName("filename_append", filenameAppend, true);
    parts.add(withAppend(filename, filenameAppend));
    if (windowsNames) {
      for (String p : parts) {
        checkWindowsName(join(subdir, filename), p);
      }
    }
    Path root = outputDir.toAbsolutePath().normalize();
    Path target = root;
    try {
      for (String p : parts) {
        target = target.resolve(p);
      }
    } catch (InvalidPathException e) {
      throw new UnsafePathException("relative path " + quote(join(subdir, filename))
          + " is not valid here: " + e.getReason());
    }
    target = target.normalize();
    if (!target.startsWith(root) || target.equals(root) || target.getNameCount() != root.getNameCount() + parts.size()) {
      throw new UnsafePathException("relative path " + quote(join(subdir, filename))
          + " resolves outside the output directory");
    }
    checkNoEscapingLink(root, target, join(subdir, filename));
    return target;
  }

  /** {@link #resolve(Path, String, String, String)} for a chunk's own fields. */
  public static Path resolve(Path outputDir, DataFileChunk chunk) throws UnsafePathException {
    return resolve(outputDir, chunk.subdir(), chunk.filename(), chunk.filenameAppend());
  }

  /**
   * The components of a received {@code subdir_str} ({@code ""} → none), each checked.
   *
   * @return a new mutable list
   */
  public static List<String> subdirComponents(String subdir) throws UnsafePathException {
    List<String> parts = new ArrayList<>();
    if (subdir == null) {
      throw new UnsafePathException("subdir_str is missing");
    }
    if (subdir.isEmpty()) {
      return parts;
    }
    if (subdir.startsWith("/")) {
      throw new UnsafePathException("subdir_str " + quote(subdir) + " is absolute");
    }
    for (String p : subdir.split("/", -1)) {
      if (p.isEmpty()) {
        throw new UnsafePathException("subdir_str " + quote(subdir) + " has an empty component");
      }
      checkComponent("subdir_str " + quote(subdir), p);
      parts.add(p);
    }
    return parts;
  }

  /**
   * The file name with {@code append} inserted before its extension (Python {@code pathlib}'s
   * suffix rule: the text from the last {@code .} unless that dot starts or ends the name).
   */
  public static String withAppend(String filename, String append) {
    if (append.isEmpty()) {
      return filename;
    }
    int dot = filename.lastIndexOf('.');
    if (dot <= 0 || dot == filename.length() - 1) {
      return filename + append;
    }
    return filename.substring(0, dot) + append + filename.substring(dot);
  }

  private static void checkName(String what, String name, boolean mayBeEmpty)
      throws UnsafePathException {
    if (name == null || (name.isEmpty() && !mayBeEmpty)) {
      throw new UnsafePathException(what + " is empty");
    }
    if (name.isEmpty()) {
      return;
    }
    if (name.indexOf('/') >= 0) {
      throw new UnsafePathException(what + " " + quote(name) + " contains a '/'");
    }
    checkComponent(what + " " + quote(name), name);
  }

  private static void checkComponent(String what, String p) throws UnsafePathException {
    if (p.equals(".") || p.equals("..")) {
      throw new UnsafePathException(what + " contains a '" + p + "' component");
    }

    if (p.indexOf('\\') >= 0) {
      throw new UnsafePathException(what + " contains a backslash");
    }
    if (p.indexOf('\0') >= 0) {
      throw new UnsafePathException(what + " contains a NUL character");
    }
    if (DRIVE.matcher(p).find()) {
      throw new UnsafePathException(what + " starts with a drive letter");
    }
  }

  /**
   * Refuses a component Windows would not store under that name: a trailing dot or space is
   * dropped ({@code a.} is {@code a}, {@code ...} the folder itself), and device names open the
   * device instead of a file.
   */
  static void checkWindowsName(String shown, String p) throws UnsafePathException {
    if (p.endsWith(".") || p.endsWith(" ")) {
      throw new UnsafePathException("relative path " + quote(shown) + " has a component ending"
          + " with a dot or a space, which Windows drops");
    }
    if (WINDOWS_DEVICE.matcher(p).matches()) {
      throw new UnsafePathException("relative path " + quote(shown) + " has a component that is"
          + " a Windows device name");
    }
  }

  /** The deepest existing ancestor of {@code target} must really lie inside {@code root}. */
  private static void checkNoEscapingLink(Path root, Path target, String shown)
      throws UnsafePathException {
    if (!Files.exists(root)) {
      return; // nothing below it exists yet, so no link can redirect us
    }
    try {
      Path realRoot = root.toRealPath();
      Path p = target;
      while (p != null && !p.equals(root)) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          Path real = p.toRealPath();
          if (!real.startsWith(realRoot) || real.equals(realRoot)) {
            throw new UnsafePathException("relative path " + quote(shown)
                + " leads outside the output directory through a symbolic link");
          }
          return;
        }
        p = p.getParent();
      }
    } catch (IOException e) {
      throw new UnsafePathException("relative path " + quote(shown) + " cannot be checked: "
          + e.getMessage());
    }
  }

  private static String join(String subdir, String filename) {
    return subdir == null || subdir.isEmpty() ? filename : subdir + "/" + filename;
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("'");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
