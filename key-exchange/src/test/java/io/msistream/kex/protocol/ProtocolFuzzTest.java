package io.msistream.kex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.MsiCryptoException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.testing.InteropNodes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated management records (bit flips, truncations, byte insertions, random bytes)
 * fed to the request and reply readers and the requester raise only checked, typed exceptions.
 */
class ProtocolFuzzTest {
  private static final int ROUNDS = 1500;

  private static List<byte[][]> samples() {
    List<byte[][]> out = new ArrayList<>();
    for (JsonValue t : SharedVectors.json("exchange.json").get("transcripts").list()) {
      for (JsonValue r : t.get("records").list()) {
        out.add(new byte[][] {r.get("key_hex").hex(), r.get("value_hex").hex()});
      }
    }
    return out;
  }

  private static byte[] mutate(byte[] in, Random rnd) {
    byte[] b = in.clone();
    switch (rnd.nextInt(5)) {
      case 0 -> {
        int flips = 1 + rnd.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
      }
      case 2 -> {
        int at = rnd.nextInt(b.length + 1);
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, at);
        r[at] = (byte) rnd.nextInt(256);
        System.arraycopy(b, at, r, at + 1, b.length - at);
        return r;
      }
      case 3 -> {
        if (b.length > 0) {
          b[rnd.nextInt(b.length)] = (byte) (0xc0 + rnd.nextInt(0x40)); // msgpack type bytes
        }
        return b;
      }
      default -> {
        byte[] r = new byte[rnd.nextInt(64)];
        rnd.nextBytes(r);
        return r;
      }
    }
  }

  @Test
  void mutatedRecordsRaiseOnlyTypedErrors() throws Exception {
    List<byte[][]> samples = samples();
    Random rnd = new Random(20240607L);
    double now = SharedVectors.json("exchange.json").get("transcripts").list().get(0)
        .get("request").get("leaf").get("expiry").asDouble() - 316224000;
    ChainValidator producer = InteropNodes.validator("oms_producer");
    ChainValidator consumer = InteropNodes.validator("oms_consumer");
    int opened = 0;
    try (Requester requester = Requester.create(List.of(KemType.X25519), false, new SecureRandom())) {
      for (int i = 0; i < ROUNDS; i++) {
        byte[][] s = samples.get(rnd.nextInt(samples.size()));
        byte[] key = rnd.nextInt(4) == 0 ? mutate(s[0], rnd) : s[0];
        byte[] value = mutate(s[1], rnd);
        for (String root : List.of("openmsitest", "test_oms_encrypted")) {
          try {
            KeyRequest.open(key, value, root, NodeRole.Usage.REQUEST, producer, now);
            opened++;
          } catch (MsiCryptoException expected) {
            // typed
          }
          try {
            KeyRequest.open(key, value, root, NodeRole.Usage.SUBSCRIBE, producer, now);
            opened++;
          } catch (MsiCryptoException expected) {
            // typed
          }
          try {
            requester.open(KeyReply.open(key, value, root, consumer, now));
          } catch (MsiCryptoException expected) {
            // typed
          }
        }
      }
    }
    // most mutations break a signature; a few (inside the unsigned outer framing) may still parse
    assertThat(opened).isLessThan(ROUNDS);
  }
}
