package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.chunk.EncryptedMessageNames.Parsed;
import io.msistream.stream.chunk.EncryptedMessageNames.StampKind;
import io.msistream.stream.chunk.EncryptedMessageNames.Written;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedMessageNamesTest {
  private static final Instant T = Instant.parse("2026-04-08T17:37:45.123Z");
  @TempDir Path dir;

  @Test
  void buildsTheUpstreamName() {
    String stem = EncryptedMessageNames.stem("lab.chunks", StampKind.PRODUCED, T, ZoneOffset.UTC, "");
    assertThat(EncryptedMessageNames.keyName(stem))
        .isEqualTo("encrypted_message_from_lab.chunks_produced_on_Apr_08_2026_at_17_37_45_123000_key.bin");
    assertThat(EncryptedMessageNames.valueName(stem)).endsWith("_123000_value.bin");
  }

  @Test
  void usesTheGivenZoneAndEnglishMonths() {
    assertThat(EncryptedMessageNames.stamp(StampKind.RECEIVED, Instant.parse("2026-01-01T02:03:04.000005Z"),
        ZoneId.of("America/New_York"))).isEqualTo("received_on_Dec_31_2025_at_21_03_04_000005");
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertThat(EncryptedMessageNames.stamp(StampKind.CONSUMED, Instant.parse("2026-03-09T00:00:00Z"),
          ZoneOffset.UTC)).isEqualTo("consumed_on_Mar_09_2026_at_00_00_00_000000");
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void stampKindFromKafka() {
    assertThat(StampKind.of(TimestampType.CREATE_TIME, 5)).isEqualTo(StampKind.PRODUCED);
    assertThat(StampKind.of(TimestampType.LOG_APPEND_TIME, 5)).isEqualTo(StampKind.RECEIVED);
    assertThat(StampKind.of(TimestampType.NO_TIMESTAMP_TYPE, 5)).isEqualTo(StampKind.CONSUMED);
    assertThat(StampKind.of(TimestampType.CREATE_TIME, -1)).isEqualTo(StampKind.CONSUMED);
  }

  @Test
  void parsesOddTopicNames() {
    String[] topics = {"t", "lab.chunks", "a_produced_b", "x_consumed_on_Apr_08_2026_at_1",
        "received", "_received_", "my-topic.v2_1", "t_on_Apr_08_2026_at_17_37_45_123000"};
    for (String topic : topics) {
      for (StampKind kind : StampKind.values()) {
        for (String dedupe : new String[] {"", "_3_17", "_3_17_2"}) {
          String key = EncryptedMessageNames.keyName(
              EncryptedMessageNames.stem(topic, kind, T, ZoneOffset.UTC, dedupe));
          Parsed p = EncryptedMessageNames.parse(key).orElseThrow();
          assertThat(p.topic()).as(key).isEqualTo(topic);
          assertThat(p.kind()).isEqualTo(kind);
          assertThat(p.valueFile()).isEqualTo(key.replace("_key.bin", "_value.bin"));
        }
      }
    }
  }

  @Test
  void fallsBackToTheUpstreamRuleAndRejectsOtherNames() {
    assertThat(EncryptedMessageNames.parse("encrypted_message_from_t_produced_whatever_key.bin"))
        .hasValueSatisfying(p -> assertThat(p.topic()).isEqualTo("t"));
    assertThat(EncryptedMessageNames.parse("encrypted_message_from_t_nothing_key.bin")).isEmpty();
    assertThat(EncryptedMessageNames.parse("encrypted_message_from__produced_x_key.bin")).isEmpty();
    assertThat(EncryptedMessageNames.parse("encrypted_message_from_t_produced_x_value.bin")).isEmpty();
    assertThat(EncryptedMessageNames.parse("other_t_produced_x_key.bin")).isEmpty();
  }

  @Test
  void writesBothFilesAndNeverOverwrites() throws Exception {
    Path d = dir.resolve("ENCRYPTED_MESSAGES");
    Written a = EncryptedMessageNames.write(d, "topic", StampKind.PRODUCED, T, ZoneOffset.UTC, 0,
        10, new byte[] {1}, new byte[] {2, 3});
    Written b = EncryptedMessageNames.write(d, "topic", StampKind.PRODUCED, T, ZoneOffset.UTC, 1,
        11, new byte[] {4}, new byte[] {5});
    Written c = EncryptedMessageNames.write(d, "topic", StampKind.PRODUCED, T, ZoneOffset.UTC, 1,
        11, null, new byte[] {6});
    assertThat(a.keyFile().getFileName().toString()).doesNotContain("_1_11");
    assertThat(b.keyFile().getFileName().toString()).endsWith("_123000_1_11_key.bin");
    assertThat(c.keyFile().getFileName().toString()).endsWith("_123000_1_11_2_key.bin");
    assertThat(Files.readAllBytes(a.keyFile())).containsExactly(1);
    assertThat(Files.readAllBytes(a.valueFile())).containsExactly(2, 3);
    assertThat(Files.readAllBytes(b.valueFile())).containsExactly(5);
    assertThat(Files.readAllBytes(c.keyFile())).isEmpty();
    try (var s = Files.list(d)) {
      assertThat(s.count()).isEqualTo(6); // no temp files left behind
    }
    for (Written w : new Written[] {a, b, c}) {
      Parsed p = EncryptedMessageNames.parse(w.keyFile().getFileName().toString()).orElseThrow();
      assertThat(p.topic()).isEqualTo("topic");
      assertThat(d.resolve(p.valueFile())).isEqualTo(w.valueFile());
    }
  }
}
