package io.msistream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Class-data sharing archives of the tool jars (the JDK's dynamic AppCDS), so that the scenarios'
 * many short-lived tool JVMs map their classes already parsed and verified instead of loading
 * them from the shaded jar: about a third less CPU per start, which is most of a scenario's CPU on
 * a 2-core machine. The first JVM of a jar in a build writes the archive when it exits; the later
 * ones (in any test JVM) use it; a JVM started while another is writing it runs without. An
 * archive that does not fit (another JDK) is ignored by the JVM. The JVM's CDS log lines are off,
 * so the tools' output is the same either way.
 *
 * <p>Folder: {@code -Dmsistream.it.cds} (the module's {@code target/cds}); unset or blank: off.
 */
final class ClassDataArchives {
  /** The JVM options for one tool JVM, and what to do once it has exited. */
  record Use(List<String> options, Runnable afterExit) {
    static final Use NONE = new Use(List.of(), () -> { });
  }

  private ClassDataArchives() {}

  /** How the next JVM running {@code jar} uses (or writes) its archive. */
  static Use forJar(Path jar) {
    String dir = System.getProperty("msistream.it.cds");
    return dir == null || dir.isBlank() ? Use.NONE : forJar(jar, Path.of(dir));
  }

  /** The same with the archives in {@code dir}. */
  static Use forJar(Path jar, Path dir) {
    try {
      Path folder = Files.createDirectories(dir);
      Path archive = folder.resolve(archiveName(jar));
      if (Files.isRegularFile(archive)) {
        return new Use(options("-XX:SharedArchiveFile=" + archive), () -> { });
      }
      Path lock = folder.resolve(archive.getFileName() + ".lock");
      try {
        Files.createFile(lock); // atomic: one writer per archive across the test JVMs
      } catch (FileAlreadyExistsException e) {
        return Use.NONE; // being written by another JVM (or its writer was killed): run without
      }
      Path tmp = folder.resolve(archive.getFileName() + "." + ProcessHandle.current().pid()
          + ".tmp");
      return new Use(options("-XX:ArchiveClassesAtExit=" + tmp),
          () -> publish(tmp, archive, lock));
    } catch (IOException e) {
      throw new UncheckedIOException("class-data archive folder " + dir, e);
    }
  }

  /** The archive's name: the jar's, and its size and time, so a rebuilt jar gets a new one. */
  private static String archiveName(Path jar) throws IOException {
    BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
    String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    return base + "-" + Long.toHexString(a.size()) + "-"
        + Long.toHexString(a.lastModifiedTime().toMillis()) + ".jsa";
  }

  private static List<String> options(String archiveOption) {
    return List.of(archiveOption, "-Xlog:cds*=off");
  }

  /**
   * Renames a complete archive into place; a writer that was killed leaves none, and the lock is
   * then released so that the next JVM of the jar writes it.
   */
  private static void publish(Path tmp, Path archive, Path lock) {
    try {
      if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(lock);
      }
    } catch (IOException e) {
      // no archive: later JVMs start without one
    }
  }
}
