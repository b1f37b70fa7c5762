package io.msistream.crypto.primitives;

import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import java.util.Arrays;

/** Layout of sntrup761 secret keys (liboqs/SUPERCOP): {@code f(191) || ginv(191) || pk(1158) || rho(191) || hash(32)}. */
final class Sntrup761 {
  static final int SMALL_BYTES = 191;
  static final int PUBLIC_KEY_BYTES = 1158;
  static final int HASH_BYTES = 32;

  private Sntrup761() {}

  /** BouncyCastle parameters for a 1763-byte encoded secret key. */
  static SNTRUPrimePrivateKeyParameters privateKey(byte[] sk) {
    int o = 0;
    byte[] f = Arrays.copyOfRange(sk, o, o += SMALL_BYTES);
    byte[] ginv = Arrays.copyOfRange(sk, o, o += SMALL_BYTES);
    byte[] pk = Arrays.copyOfRange(sk, o, o += PUBLIC_KEY_BYTES);
    byte[] rho = Arrays.copyOfRange(sk, o, o += SMALL_BYTES);
    byte[] hash = Arrays.copyOfRange(sk, o, o + HASH_BYTES);
    return new SNTRUPrimePrivateKeyParameters(SNTRUPrimeParameters.sntrup761, f, ginv, pk, rho, hash);
  }
}
