package io.msistream.crypto.primitives;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** The reference: BouncyCastle's XSalsa20Engine + Poly1305 composed as NaCl secretbox (tag || ct). */
final class BcSecretBox {
  private BcSecretBox() {}

  static byte[] seal(byte[] key, byte[] nonce, byte[] m) {
    XSalsa20Engine xs = new XSalsa20Engine();
    xs.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] polyKey = new byte[32];
    xs.processBytes(polyKey, 0, 32, polyKey, 0);
    byte[] out = new byte[16 + m.length];
    xs.processBytes(m, 0, m.length, out, 16);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey));
    mac.update(out, 16, m.length);
    mac.doFinal(out, 0);
    return out;
  }

  /** The plaintext, or null if the tag fails. */
  static byte[] open(byte[] key, byte[] nonce, byte[] box) {
    XSalsa20Engine xs = new XSalsa20Engine();
    xs.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] polyKey = new byte[32];
    xs.processBytes(polyKey, 0, 32, polyKey, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey));
    mac.update(box, 16, box.length - 16);
    byte[] tag = new byte[16];
    mac.doFinal(tag, 0);
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(box, 16))) {
      return null;
    }
    byte[] out = new byte[box.length - 16];
    xs.processBytes(box, 16, out.length, out, 0);
    return out;
  }
}
