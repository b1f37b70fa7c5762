package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated chains and certificates: the validator and decoders raise only their typed
 * exceptions, and a mutated chain that still validates holds exactly the original signed items.
 */
class CertFuzzTest {
  private static final double NOW = 1798761600.0;

  @Test
  void mutatedChainsFailOnlyWithTypedErrors() throws Exception {
    List<JsonValue> cases = SharedVectors.json("chains.json").get("cases").list();
    Random r = new Random(2024);
    int accepted = 0;
    for (int round = 0; round < 6000; round++) {
      JsonValue c = cases.get(r.nextInt(cases.size()));
      List<Certificate> allow = new ArrayList<>();
      for (JsonValue h : c.get("allowlist_hex").list()) {
        allow.add(Certificate.decode(h.hex(), "allow"));
      }
      ChainValidator v = ChainValidator.create(TrustLists.of(allow, List.of()))
          .withRegexMode(r.nextBoolean() ? RegexMode.INTENDED : RegexMode.PYTHON_COMPATIBLE);
      byte[] original = c.get("chain_hex").hex();
      byte[] mutated = mutate(original, r);
      try {
        v.validate(mutated, null, null, NOW);
        accepted++;
        // whatever still validates carries exactly the original signed items
        assertThat(Chain.decode(mutated)).isEqualTo(Chain.decode(original));
      } catch (ChainValidationException e) {
        assertThat(e.reason()).isNotNull();
      }
    }
    assertThat(accepted).isLessThan(6000);
  }

  @Test
  void randomBytesNeverEscapeAsUncheckedExceptions() {
    Random r = new Random(99);
    ChainValidator v = ChainValidator.create(TrustLists.of(List.of(), List.of()));
    for (int i = 0; i < 20000; i++) {
      byte[] b = new byte[r.nextInt(80)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) {
        b[0] = (byte) (0x90 + r.nextInt(6)); // often an array header
      }
      try {
        Certificate.decode(b, "random");
      } catch (MalformedDataException e) {
        assertThat(e.getMessage()).startsWith("random");
      }
      try {
        Poison.decode(b);
      } catch (MalformedDataException e) {
        assertThat(e).isNotNull();
      }
      try {
        Chain.decode(b);
      } catch (MalformedDataException e) {
        assertThat(e).isNotNull();
      }
      try {
        v.validate(b, "t", "u", NOW);
      } catch (ChainValidationException e) {
        assertThat(e.reason()).isNotNull();
      }
    }
  }

  private static byte[] mutate(byte[] in, Random r) {
    byte[] b = Arrays.copyOf(in, in.length);
    switch (r.nextInt(4)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      case 2 -> {
        byte[] x = Arrays.copyOf(b, b.length + 1);
        int at = r.nextInt(x.length);
        System.arraycopy(b, at, x, at + 1, b.length - at);
        x[at] = (byte) r.nextInt(256);
        b = x;
      }
      default -> {
        for (int k = 0; k < 3; k++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
    }
    return b;
  }
}
