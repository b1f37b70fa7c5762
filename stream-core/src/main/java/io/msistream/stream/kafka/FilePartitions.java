package io.msistream.stream.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Chooses the partition for every chunk of one file from the file's relative path, so a file's
 * chunks all land on one partition (a downloader thread then sees a whole file) while different
 * files spread over all partitions. Never derived from the record key bytes: with encryption those
 * differ for every record. The hash is Kafka's own murmur2 (as its default partitioner uses for
 * keys) of the UTF-8 path, so the choice is stable across runs and machines.
 */
public final class FilePartitions {
  private FilePartitions() {}

  /**
   * The partition, in {@code [0, partitionCount)}, for a file's chunks.
   *
   * @param relativePath the file's POSIX path relative to the upload root ({@code subdir/name})
   * @param partitionCount the topic's number of partitions (&gt; 0)
   */
  public static int of(String relativePath, int partitionCount) {
    if (partitionCount <= 0) {
      throw new IllegalArgumentException("partitionCount must be > 0, got " + partitionCount);
    }
    byte[] b = relativePath.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(b)) % partitionCount;
  }
}
