package io.msistream.tools.download;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a consumed record into bytes the downloader reads: as they are for plain topics, after
 * decryption (waiting for keys within bounds) for encrypted ones.
 *
 * @param <K> the consumer's key type
 * @param <V> the consumer's value type
 */
@FunctionalInterface
interface RecordOpener<K, V> {
  /**
   * Opens one record; may block while waiting for decryption keys.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  Opened open(ConsumerRecord<K, V> record) throws InterruptedException;

  /** Plain topics: raw key bytes, value buffer shared with the record. */
  static RecordOpener<byte[], ByteBuffer> plain() {
    return r -> new Opened.Readable(r.key(), r.value());
  }
}
