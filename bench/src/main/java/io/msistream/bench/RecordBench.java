package io.msistream.bench;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;
import io.msistream.crypto.record.RecordCodec;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole per-record path of a Kafka value: per-message BLAKE2b key derivation, framing and
 * secretbox (encrypt); msgpack parse, key lookup, derivation and open (decrypt).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordBench {
  private static final String ROOT = "openmsitest";

  @Param({"1024", "65536", "524288"})
  public int size;

  private byte[] plain;
  private EncryptionKey key;
  private byte[] wire;
  private KeyLookup keys;

  @Setup
  public void setup() {
    SecureRandom r = new SecureRandom();
    byte[] kR = new byte[32];
    r.nextBytes(kR);
    byte[] ki = new byte[32];
    r.nextBytes(ki);
    plain = new byte[size];
    r.nextBytes(plain);
    KeyIndex index = KeyIndex.ofBytes(ki);
    key = EncryptionKey.create(ROOT, index, kR);
    wire = key.encrypt(Context.VALUE, plain);
    SecretBytes secret = SecretBytes.copyOf(kR);
    Optional<SecretBytes> found = Optional.of(secret);
    keys = (root, k) -> k.equals(index) ? found : Optional.empty();
  }

  @Benchmark
  public byte[] encryptRecord() {
    return key.encrypt(Context.VALUE, plain);
  }

  @Benchmark
  public DecodeResult decryptRecord() {
    DecodeResult r = RecordCodec.decrypt(wire, ROOT, Context.VALUE, keys);
    if (!(r instanceof DecodeResult.Cleartext)) {
      throw new IllegalStateException("not decrypted");
    }
    return r;
  }
}
