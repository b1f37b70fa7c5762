package io.msistream.stream.chunk;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for {@link DataFileChunk} (OpenMSIStream's
 * {@code DataFileChunkDeserializer}); usable by class name. A null value deserializes to null.
 *
 * <p>Kafka's interface only allows unchecked errors: a malformed value raises
 * {@link SerializationException} whose cause is the typed {@link ChunkFormatException} (naming the
 * field). The consumer then reports it as a {@code RecordDeserializationException} carrying the
 * partition and offset, so the caller can log, count and seek past the record. Callers that hold
 * the raw bytes should call {@link ChunkDecoder#decode(byte[])} directly.
 */
public final class DataFileChunkDeserializer implements Deserializer<DataFileChunk> {
  @Override
  public DataFileChunk deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return ChunkDecoder.decode(data);
    } catch (ChunkFormatException e) {
      throw new SerializationException("failed to deserialize a DataFileChunk from topic "
          + topic + ": " + e.getMessage(), e);
    }
  }
}
