package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.testing.SharedVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated .crypto, .seed and .config inputs raise only {@link NodeFileException}. */
class NodeFilesFuzzTest {

  @Test
  void mutatedCryptoFiles() {
    List<byte[]> seeds = new ArrayList<>();
    for (JsonValue f : SharedVectors.json("files.json").get("crypto_files").list()) {
      seeds.add(f.get("file_hex").hex());
    }
    Random r = new Random(1);
    int parsed = 0;
    for (int i = 0; i < 4000; i++) {
      byte[] b = mutate(seeds.get(r.nextInt(seeds.size())), r);
      try (CryptoFile c = CryptoFile.parse(b, "fuzz.crypto")) {
        parsed++;
        assertThat(c.signingKeys()).isNotEmpty();
        assertThat(c.kemTypes()).isNotEmpty();
      } catch (NodeFileException e) {
        assertThat(e.file()).isEqualTo("fuzz.crypto");
      }
    }
    assertThat(parsed).isPositive().isLessThan(4000);
  }

  @Test
  void mutatedAndRandomSeedFiles() {
    List<byte[]> seeds = new ArrayList<>();
    for (JsonValue f : SharedVectors.json("files.json").get("seed_files").list()) {
      seeds.add(f.get("file_hex").hex());
    }
    Random r = new Random(2);
    for (int i = 0; i < 20000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = mutate(seeds.get(r.nextInt(seeds.size())), r);
      } else {
        b = new byte[r.nextInt(40)];
        r.nextBytes(b);
      }
      try (RatchetState s = SeedFile.parse(b, "fuzz.seed");
          RatchetState again = SeedFile.parse(SeedFile.encode(s), "again")) {
        assertThat(again.keyidx()).isEqualTo(s.keyidx());
        assertThat(again.secret()).isEqualTo(s.secret());
      } catch (NodeFileException e) {
        assertThat(e.getMessage()).startsWith("fuzz.seed");
      }
    }
  }

  @Test
  void mutatedConfigs() {
    List<String> texts = new ArrayList<>();
    for (JsonValue s : SharedVectors.json("files.json").get("config_samples").list()) {
      texts.add(s.get("text").str());
    }
    Random r = new Random(3);
    char[] alphabet = "[]:;#%()s=\n \tab-_0.1base64#/+".toCharArray();
    for (int i = 0; i < 1500; i++) {
      char[] t = texts.get(r.nextInt(texts.size())).toCharArray();
      for (int k = 0; k < 1 + r.nextInt(4); k++) {
        t[r.nextInt(t.length)] = alphabet[r.nextInt(alphabet.length)];
      }
      try {
        NodeConfig c = NodeConfig.parse(new String(t), "fuzz.config");
        for (KafkaUse u : KafkaUse.values()) {
          c.kafkaConfig(u, "crypto");
        }
        c.settings();
        c.maxage();
        c.allowlist();
        c.denylist();
        c.chains();
        for (String s : c.ini().sections()) {
          c.section(s.startsWith(c.nodeId() + "-") ? s.substring(c.nodeId().length() + 1) : null, true);
        }
      } catch (NodeFileException e) {
        assertThat(e.file()).isEqualTo("fuzz.config");
      }
    }
  }

  private static byte[] mutate(byte[] in, Random r) {
    byte[] b = Arrays.copyOf(in, in.length);
    switch (r.nextInt(4)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      case 2 -> b = Arrays.copyOf(b, b.length + 1 + r.nextInt(3));
      default -> b[r.nextInt(Math.min(b.length, 8))] = (byte) r.nextInt(256);
    }
    return b;
  }
}
