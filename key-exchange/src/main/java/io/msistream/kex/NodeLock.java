package io.msistream.kex;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a node folder ({@code <id>.lock}): two processes running one node would
 * corrupt its {@code .seed} and {@code oldkeys} (Python does not guard against it).
 */
final class NodeLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private NodeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static NodeLock acquire(Path lockFile) throws NodeStartException {
    FileChannel ch;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new NodeStartException(lockFile.toString(), "cannot open the node lock file: "
          + e.getMessage(), e);
    }
    try {
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new NodeStartException(lockFile.toString(), "the node is in use by another process");
      }
      return new NodeLock(ch, l);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new NodeStartException(lockFile.toString(), "the node is already running in this"
          + " process (share its NodeRuntime instead of starting it twice)", e);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new NodeStartException(lockFile.toString(), "cannot lock the node: " + e.getMessage(), e);
    } catch (NodeStartException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
