package io.msistream.crypto.primitives;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.generators.SLHDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SLHDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;
import org.bouncycastle.crypto.params.SLHDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.SLHDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.SLHDSASigner;

/**
 * SLH-DSA-SHAKE-128f (FIPS 205, pure mode, empty context), the post-quantum half of signing key
 * type 4. Keys use liboqs' encodings: public {@code PK.seed || PK.root} (32 bytes), secret
 * {@code SK.seed || SK.prf || PK.seed || PK.root} (64 bytes). Signatures are detached, 17088 bytes.
 */
public final class SlhDsa {
  /** Public key length. */
  public static final int PUBLIC_KEY_BYTES = 32;
  /** Secret key length. */
  public static final int SECRET_KEY_BYTES = 64;
  /** Key generation seed length: SK.seed || SK.prf || PK.seed. */
  public static final int SEED_BYTES = 48;
  /** Signature length. */
  public static final int SIGNATURE_BYTES = 17088;

  private static final SLHDSAParameters PARAMS = SLHDSAParameters.shake_128f;

  private SlhDsa() {}

  /** True if {@code signature} is a valid signature of {@code message} under {@code pk32}. */
  public static boolean verify(byte[] pk32, byte[] message, byte[] signature) {
    if (pk32 == null || pk32.length != PUBLIC_KEY_BYTES || signature == null
        || signature.length != SIGNATURE_BYTES || message == null) {
      return false;
    }
    try {
      SLHDSASigner s = new SLHDSASigner();
      s.init(false, new SLHDSAPublicKeyParameters(PARAMS, pk32));
      return s.verifySignature(message, signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Signs {@code message}. With {@code random == null} the signature is deterministic (FIPS 205
   * uses PK.seed as the randomizer); otherwise hedged.
   */
  public static byte[] sign(byte[] sk64, byte[] message, SecureRandom random) {
    Ed25519.checkLength(sk64, SECRET_KEY_BYTES, "SLH-DSA secret key");
    CipherParameters key = new SLHDSAPrivateKeyParameters(PARAMS, sk64);
    SLHDSASigner s = new SLHDSASigner();
    s.init(true, random == null ? key : new ParametersWithRandom(key, random));
    return s.generateSignature(message);
  }

  /** The public key (last 32 bytes) of a 64-byte secret key. */
  public static byte[] publicKeyOf(byte[] sk64) {
    Ed25519.checkLength(sk64, SECRET_KEY_BYTES, "SLH-DSA secret key");
    return Arrays.copyOfRange(sk64, SEED_BYTES - 16, SECRET_KEY_BYTES);
  }

  /**
   * The secret key generated deterministically from {@code SK.seed || SK.prf || PK.seed} (FIPS 205
   * {@code slh_keygen_internal}); this is what password-derived type-4 keys need.
   */
  public static byte[] secretKeyFromSeed(byte[] seed48) {
    Ed25519.checkLength(seed48, SEED_BYTES, "SLH-DSA seed");
    SLHDSAKeyPairGenerator g = new SLHDSAKeyPairGenerator();
    g.init(new SLHDSAKeyGenerationParameters(new SecureRandom(), PARAMS));
    AsymmetricCipherKeyPair kp = g.internalGenerateKeyPair(
        Arrays.copyOfRange(seed48, 0, 16), Arrays.copyOfRange(seed48, 16, 32),
        Arrays.copyOfRange(seed48, 32, 48));
    return ((SLHDSAPrivateKeyParameters) kp.getPrivate()).getEncoded();
  }

  /** A fresh random secret key. */
  public static byte[] generateSecretKey(SecureRandom random) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    try {
      return secretKeyFromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }
}
