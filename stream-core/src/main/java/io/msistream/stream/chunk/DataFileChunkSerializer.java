package io.msistream.stream.chunk;

import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for {@link DataFileChunk} (OpenMSIStream's {@code DataFileChunkSerializer}).
 * Usable by class name: writes the 10-field layout unless configured with
 * {@value #FORMAT_CONFIG}{@code = legacy} (or {@code 9}), or constructed with a {@link ChunkFormat}.
 * A null chunk serializes to null.
 */
public final class DataFileChunkSerializer implements Serializer<DataFileChunk> {
  /** Client property choosing the layout: {@code 10} / {@code current} or {@code 9} / {@code legacy}. */
  public static final String FORMAT_CONFIG = "msistream.chunk.format";

  private volatile ChunkFormat format;

  /** The default 10-field layout (or whatever {@link #configure} selects). */
  public DataFileChunkSerializer() {
    this(ChunkFormat.TEN_FIELDS);
  }

  public DataFileChunkSerializer(ChunkFormat format) {
    this.format = format;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object v = configs.get(FORMAT_CONFIG);
    if (v != null) {
      format = parseFormat(v.toString());
    }
  }

  /** Parses a {@value #FORMAT_CONFIG} value. */
  public static ChunkFormat parseFormat(String v) {
    switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "10":
      case "current":
        return ChunkFormat.TEN_FIELDS;
      case "9":
      case "legacy":
        return ChunkFormat.NINE_FIELDS_LEGACY;
      default:
        throw new org.apache.kafka.common.config.ConfigException(FORMAT_CONFIG, v,
            "expected 10, current, 9 or legacy");
    }
  }

  public ChunkFormat format() {
    return format;
  }

  @Override
  public byte[] serialize(String topic, DataFileChunk chunk) {
    return chunk == null ? null : ChunkEncoder.encode(chunk, format);
  }
}
