package io.msistream.bench;

import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.Kem;
import io.msistream.crypto.primitives.KemCiphertext;
import io.msistream.crypto.primitives.KemKeyPair;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.primitives.X25519;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Signatures and key agreement as the key exchange uses them, in ops/s. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AsymmetricBench {

  /** Ed25519 over a certificate-sized (300-byte) body, and X25519. */
  @State(Scope.Thread)
  public static class Classic {
    final SecureRandom random = new SecureRandom();
    byte[] sk;
    byte[] pk;
    byte[] body = new byte[300];
    byte[] signed;
    byte[] xSecret;
    byte[] xPeer;

    @Setup
    public void setup() {
      sk = Ed25519.generateSecretKey(random);
      pk = Ed25519.publicKeyOf(sk);
      random.nextBytes(body);
      signed = Ed25519.sign(sk, body);
      xSecret = X25519.generateSecret(random);
      xPeer = X25519.publicKey(X25519.generateSecret(random));
    }
  }

  /** One requester key pair per KEM type. */
  @State(Scope.Thread)
  public static class Kems {
    @Param({"X25519", "X25519_SNTRUP761", "X25519_MLKEM1024"})
    public KemType type;

    final SecureRandom random = new SecureRandom();
    KemKeyPair own;
    KemCiphertext reply;

    @Setup
    public void setup() throws Exception {
      own = KemKeyPair.generate(type, random);
      reply = Kem.encapsulate(own.publicKey(), random).ciphertext();
    }
  }

  @Benchmark
  public byte[] ed25519Sign(Classic s) {
    return Ed25519.sign(s.sk, s.body);
  }

  @Benchmark
  public boolean ed25519Verify(Classic s) {
    return Ed25519.verify(s.pk, s.signed);
  }

  @Benchmark
  public byte[] x25519(Classic s) throws Exception {
    return X25519.sharedSecret(s.xSecret, s.xPeer);
  }

  @Benchmark
  public Kem.Encapsulation kemEncapsulate(Kems s) throws Exception {
    return Kem.encapsulate(s.own.publicKey(), s.random);
  }

  @Benchmark
  public byte[] kemDecapsulate(Kems s) throws Exception {
    return Kem.decapsulate(s.own, s.reply);
  }
}
