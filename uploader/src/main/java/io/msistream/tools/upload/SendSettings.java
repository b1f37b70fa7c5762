package io.msistream.tools.upload;

import io.msistream.stream.chunk.ChunkFormat;
import io.msistream.stream.config.ClientRole;
import io.msistream.stream.config.ConfigException;
import io.msistream.stream.kafka.KafkaClients;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the uploaders send: topic, chunk size, threads, the memory budget and the chunk layout, and
 * the producer settings that follow from them.
 *
 * @param topic the topic produced to
 * @param chunkSize bytes per chunk (a power of two)
 * @param nThreads sender threads
 * @param budgetBytes most bytes of chunk data read but not yet acknowledged
 * @param format the chunk message layout
 */
record SendSettings(String topic, int chunkSize, int nThreads, long budgetBytes,
    ChunkFormat format) {
  private static final Logger LOG = LoggerFactory.getLogger(SendSettings.class);
  private static final long DEFAULT_BUFFER_MEMORY = 32L << 20;
  private static final int DEFAULT_MAX_REQUEST = 1 << 20;
  /** Room for a chunk message's fields around its data, and the record framing. */
  private static final int MESSAGE_OVERHEAD = 64 << 10;

  /**
   * The memory budget: {@code --queue_max_size} MB, but at most a quarter of the JVM's maximum
   * heap, and at least one chunk.
   */
  static long budget(int queueMaxMb, int chunkSize, long maxHeap) {
    long asked = queueMaxMb * 1_000_000L;
    long cap = Math.max(chunkSize, maxHeap / 4);
    long b = Math.max(chunkSize, Math.min(asked, cap));
    if (b < asked) {
      LOG.info("Holding at most {} MB of file data in memory (--queue_max_size {} is more than a"
          + " quarter of the {} MB heap; raise -Xmx to allow more)", b / 1_000_000, queueMaxMb,
          maxHeap / 1_000_000);
    }
    return b;
  }

  /**
   * Producer overrides: a client id, a {@code buffer.memory} large enough that the producer never
   * blocks on the memory our budget already bounds, and a {@code max.request.size} that fits one
   * chunk message.
   */
  Map<String, Object> producerOverrides(KafkaClients clients, String clientId)
      throws ConfigException {
    Map<String, Object> configured = clients.properties(ClientRole.PRODUCER, Map.of());
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("client.id", clientId);
    long buffer = number(configured.get("buffer.memory"), DEFAULT_BUFFER_MEMORY);
    o.put("buffer.memory", Math.max(buffer, budgetBytes + 4L * (chunkSize + MESSAGE_OVERHEAD)));
    long maxRequest = number(configured.get("max.request.size"), DEFAULT_MAX_REQUEST);
    o.put("max.request.size", (int) Math.min(Integer.MAX_VALUE,
        Math.max(maxRequest, (long) chunkSize + MESSAGE_OVERHEAD)));
    return o;
  }

  private static long number(Object v, long dflt) {
    return v instanceof Number n ? n.longValue() : dflt;
  }
}
