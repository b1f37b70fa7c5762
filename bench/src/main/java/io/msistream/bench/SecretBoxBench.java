package io.msistream.bench;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.primitives.SecretBox;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secretbox seal/open: ours against BouncyCastle's XSalsa20Engine + Poly1305 composition (new
 * objects per message, as a straightforward implementation does) and JDK AES-256-GCM (not
 * wire-compatible; the hardware-accelerated ceiling). Throughput in ops/s; MB/s = ops/s × size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SecretBoxBench {
  @Param({"1024", "65536", "524288"})
  public int size;

  private final byte[] key = new byte[32];
  private final byte[] nonce = new byte[24];
  private byte[] plain;
  private byte[] box;
  private byte[] out;
  private byte[] back;
  private SecretKeySpec aesKey;
  private byte[] gcmBox;
  private final byte[] gcmIv = new byte[12];
  private long gcmCounter;

  @Setup
  public void setup() throws GeneralSecurityException {
    SecureRandom r = new SecureRandom();
    r.nextBytes(key);
    r.nextBytes(nonce);
    plain = new byte[size];
    r.nextBytes(plain);
    box = SecretBox.seal(key, nonce, plain);
    out = new byte[size + 16];
    back = new byte[size];
    aesKey = new SecretKeySpec(key, "AES");
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, gcmIv));
    gcmBox = c.doFinal(plain);
  }

  @Benchmark
  public byte[] sealOurs() {
    SecretBox.seal(key, nonce, plain, 0, size, out, 0);
    return out;
  }

  @Benchmark
  public byte[] openOurs() throws AuthenticationException {
    SecretBox.open(key, nonce, box, 0, box.length, back, 0);
    return back;
  }

  @Benchmark
  public byte[] sealBouncyCastle() {
    XSalsa20Engine xs = new XSalsa20Engine();
    xs.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] polyKey = new byte[32];
    xs.processBytes(polyKey, 0, 32, polyKey, 0);
    xs.processBytes(plain, 0, size, out, 16);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey));
    mac.update(out, 16, size);
    mac.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public byte[] openBouncyCastle() {
    XSalsa20Engine xs = new XSalsa20Engine();
    xs.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] polyKey = new byte[32];
    xs.processBytes(polyKey, 0, 32, polyKey, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey));
    mac.update(box, 16, size);
    byte[] tag = new byte[16];
    mac.doFinal(tag, 0);
    if (!java.security.MessageDigest.isEqual(tag, java.util.Arrays.copyOf(box, 16))) {
      throw new IllegalStateException("tag");
    }
    xs.processBytes(box, 16, size, back, 0);
    return back;
  }

  @Benchmark
  public byte[] sealAesGcm() throws GeneralSecurityException {
    long n = ++gcmCounter; // GCM must never reuse an IV under one key
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[i] = (byte) (n >>> (8 * i));
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, iv));
    return c.doFinal(plain);
  }

  @Benchmark
  public byte[] openAesGcm() throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(128, gcmIv));
    return c.doFinal(gcmBox);
  }
}
