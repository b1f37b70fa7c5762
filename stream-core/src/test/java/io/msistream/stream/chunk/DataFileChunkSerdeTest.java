package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class DataFileChunkSerdeTest {
  private final DataFileChunk chunk = ChunkCodecTest.chunk("f.dat", "s", "", 0, 1, 1,
      new byte[] {1, 2, 3}, OptionalDouble.of(2.5));

  @Test
  @SuppressWarnings("unchecked")
  void usableByClassNameAndRoundTrips() throws Exception {
    Serializer<DataFileChunk> ser = Utils.newInstance(
        "io.msistream.stream.chunk.DataFileChunkSerializer", Serializer.class);
    Deserializer<DataFileChunk> de = Utils.newInstance(
        "io.msistream.stream.chunk.DataFileChunkDeserializer", Deserializer.class);
    ser.configure(Map.of(), false);
    byte[] b = ser.serialize("t", chunk);
    assertThat(b[0]).isEqualTo((byte) 0x9a);
    assertThat(de.deserialize("t", b)).isEqualTo(chunk);
    assertThat(ser.serialize("t", null)).isNull();
    assertThat(de.deserialize("t", null)).isNull();
  }

  @Test
  void legacyFormatByConfig() {
    DataFileChunkSerializer ser = new DataFileChunkSerializer();
    ser.configure(Map.of(DataFileChunkSerializer.FORMAT_CONFIG, "legacy"), false);
    assertThat(ser.serialize("t", chunk)[0]).isEqualTo((byte) 0x99);
    ser.configure(Map.of(DataFileChunkSerializer.FORMAT_CONFIG, "10"), false);
    assertThat(ser.format()).isEqualTo(ChunkFormat.TEN_FIELDS);
    assertThatThrownBy(() -> ser.configure(Map.of(DataFileChunkSerializer.FORMAT_CONFIG, "11"),
        false)).isInstanceOf(org.apache.kafka.common.config.ConfigException.class);
  }

  @Test
  void badValuesSurfaceAsSerializationExceptionWithTheTypedCause() {
    assertThatThrownBy(() -> new DataFileChunkDeserializer().deserialize("t", new byte[] {(byte) 0x81, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasCauseInstanceOf(ChunkFormatException.class)
        .hasMessageContaining("topic t");
  }
}
