package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Inputs where we decide differently from the Python deserializer on purpose (QUIRK). The
 * messages.json edge cases, including these, are checked by
 * {@code io.msistream.crypto.conformance.MessagesChecker}.
 */
class RecordCodecQuirksTest {
  /** Knows a key for every (root, ki), so only the format can make a record undecryptable. */
  private static final KeyLookup ANY_KEY = (root, ki) -> Optional.of(SecretBytes.copyOf(new byte[32]));

  @Test
  void threeByteBinOrStrPayloadIsNeverDecryptableWherePythonWaitsForKeyIndex97() {
    assertThat(RecordCodec.decrypt(HexFormat.of().parseHex("01c403616263"), "openmsitest", Context.VALUE, ANY_KEY))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
    assertThat(RecordCodec.decrypt(HexFormat.of().parseHex("01a3616263"), "openmsitest", Context.VALUE, ANY_KEY))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
  }

  @Test
  void threeEntryMapIsNeverDecryptableWherePythonRaisesKeyError() {
    assertThat(RecordCodec.decrypt(HexFormat.of().parseHex("0183a16101a16202a16303"), "openmsitest", Context.VALUE, ANY_KEY))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
  }
}
