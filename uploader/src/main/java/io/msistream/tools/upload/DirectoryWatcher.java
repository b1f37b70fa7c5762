package io.msistream.tools.upload;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports files under the watched directory that were created or changed. Deletions and
 * directories are not reported. Used by one thread (the main loop).
 */
interface DirectoryWatcher extends AutoCloseable {
  /**
   * Files created or changed since the last call (possibly also some that were not: callers
   * check), waiting up to {@code timeout} for the first.
   */
  Collection<Path> poll(Duration timeout) throws InterruptedException;

  @Override
  void close();

  /**
   * Walks the tree under {@code root} (not following links to directories, skipping directories
   * {@code filter} does not watch), giving each regular file (or link to one) and its attributes to
   * {@code onFile}; unreadable entries are skipped.
   */
  static void walk(Path root, UploadFilter filter, BiConsumer<Path, BasicFileAttributes> onFile,
      java.util.function.Consumer<Path> onDirectory) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!filter.watchDirectory(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (onDirectory != null) {
          onDirectory.accept(dir);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          onFile.accept(file, attrs);
        } else if (attrs.isSymbolicLink()) {
          try { // a link to a regular file counts as that file (links to folders are not followed)
            BasicFileAttributes target = Files.readAttributes(file, BasicFileAttributes.class);
            if (target.isRegularFile()) {
              onFile.accept(file, target);
            }
          } catch (IOException e) {
            // a dangling link: nothing to upload
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);
        log.debug("cannot look at {}: {}", file, exc.toString());
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
