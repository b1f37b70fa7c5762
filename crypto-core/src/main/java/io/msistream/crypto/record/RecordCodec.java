package io.msistream.crypto.record;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.SecretBox;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The encrypted record format (spec sections 3.2 and 3.3):
 * {@code 0x01 || pack([ki, bin(salt16), bin(tag16 || ciphertext)])}.
 *
 * <p>Encryption writes the header and the box into one output array; the plaintext is read once
 * and never copied. Decryption reads the box in place from the input and allocates only the
 * plaintext.
 *
 * <p>Decoding never throws for bad input. Its outcome classes, decided case by case against what
 * the Python deserializer does:
 * <ul>
 *   <li>empty input, first byte not {@code 0x01}, not msgpack, trailing bytes, or not a 3-element
 *       msgpack array → {@link DecodeResult.NeverDecryptable}. This includes two inputs where Python
 *       differs (QUIRK): a 3-byte bin or str payload (Python's length check passes, it takes the
 *       first byte as a key index and waits for it) and a 3-entry map (Python raises KeyError out
 *       of its deserializer). Neither can ever hold a message, so we say so.</li>
 *   <li>a 3-element array whose key is unknown, whose key index can name no key, whose salt is
 *       longer than 16 bytes or not bytes, whose box is not bytes or shorter than a tag, or whose
 *       tag fails → {@link DecodeResult.PossiblyDecryptable}, as in Python.</li>
 *   <li>salts shorter than 16 bytes are zero-padded on the right, as pysodium does (QUIRK, kept
 *       for compatibility: with a little-endian counter that is the same salt value, and the tag
 *       still has to verify); ki, salt and box may be msgpack str instead of bin, since Python
 *       decodes both to bytes.</li>
 * </ul>
 */
public final class RecordCodec {
  /** The first byte of every encrypted record. */
  public static final byte MAGIC = 0x01;

  private RecordCodec() {}

  /** The wire length of a record with key index {@code ki} and a {@code plaintextLength} payload. */
  public static int wireLength(KeyIndex ki, int plaintextLength) {
    int box = SecretBox.TAG_BYTES + plaintextLength;
    return 2 + ki.encode().length + 2 + KafkaCryptoKdf.SALT_BYTES + binHeaderLength(box) + box;
  }

  /**
   * Encrypts {@code plaintext[off, +len)} under K_R with one salt. Deterministic: the same K_R,
   * context, salt and plaintext always give the same bytes. Callers normally go through
   * {@link EncryptionKey}, which owns the salt counters.
   */
  public static byte[] encrypt(KeyIndex ki, byte[] kR, Context context, byte[] salt16,
      byte[] plaintext, int off, int len) {
    return encrypt(ki.encode(), kR, context, salt16, plaintext, off, len);
  }

  /** As above with the key index already encoded (callers that encrypt many records cache it). */
  static byte[] encrypt(byte[] kiBytes, byte[] kR, Context context, byte[] salt16,
      byte[] plaintext, int off, int len) {
    Objects.checkFromIndexSize(off, len, plaintext.length);
    if (salt16.length != KafkaCryptoKdf.SALT_BYTES) {
      throw new IllegalArgumentException("salt must be 16 bytes");
    }
    int box = SecretBox.TAG_BYTES + len;
    if (box < 0) {
      throw new IllegalArgumentException("plaintext too large");
    }
    byte[] out = new byte[2 + kiBytes.length + 2 + KafkaCryptoKdf.SALT_BYTES + binHeaderLength(box) + box];
    int p = 0;
    out[p++] = MAGIC;
    out[p++] = (byte) 0x93;
    System.arraycopy(kiBytes, 0, out, p, kiBytes.length);
    p += kiBytes.length;
    out[p++] = (byte) 0xc4;
    out[p++] = KafkaCryptoKdf.SALT_BYTES;
    System.arraycopy(salt16, 0, out, p, KafkaCryptoKdf.SALT_BYTES);
    p += KafkaCryptoKdf.SALT_BYTES;
    p = writeBinHeader(out, p, box);
    byte[] kn = KafkaCryptoKdf.messageKeyAndNonce(kR, salt16, context);
    try {
      SecretBox.seal(Arrays.copyOf(kn, 32), Arrays.copyOfRange(kn, 32, 56), plaintext, off, len, out, p);
    } finally {
      Arrays.fill(kn, (byte) 0);
    }
    return out;
  }

  /**
   * Decodes and, if the key is known, decrypts one record key or value of a topic with root
   * {@code root}. Returns null for null input; never throws for bad input.
   */
  public static DecodeResult decrypt(byte[] wire, String root, Context context, KeyLookup keys) {
    if (wire == null) {
      return null;
    }
    if (wire.length == 0 || wire[0] != MAGIC) {
      return new DecodeResult.NeverDecryptable(wire);
    }
    List<MpValue> items;
    try {
      MpValue v = Msgpack.decode(wire, 1, wire.length - 1);
      if (!(v instanceof MpValue.Arr a) || a.items().size() != 3) {
        return new DecodeResult.NeverDecryptable(wire);
      }
      items = a.items();
    } catch (MalformedDataException e) {
      return new DecodeResult.NeverDecryptable(wire);
    }
    KeyIndex ki = KeyIndex.of(items.get(0));
    DecodeResult.PossiblyDecryptable notNow = new DecodeResult.PossiblyDecryptable(wire, root, ki, context);
    MpValue.Span salt = bytesOf(items.get(1));
    MpValue.Span box = bytesOf(items.get(2));
    if (salt == null || salt.length() > KafkaCryptoKdf.SALT_BYTES
        || box == null || box.length() < SecretBox.TAG_BYTES || ki instanceof KeyIndex.Other) {
      return notNow;
    }
    Optional<SecretBytes> kR = keys.find(root, ki);
    if (kR.isEmpty()) {
      return notNow;
    }
    byte[] salt16 = Arrays.copyOf(salt.copy(), KafkaCryptoKdf.SALT_BYTES);
    byte[] kn = KafkaCryptoKdf.messageKeyAndNonce(kR.get().unsafeView(), salt16, context);
    byte[] key = Arrays.copyOf(kn, 32);
    try {
      byte[] plain = new byte[box.length() - SecretBox.TAG_BYTES];
      SecretBox.open(key, Arrays.copyOfRange(kn, 32, 56), box.src(), box.start(), box.length(), plain, 0);
      return new DecodeResult.Cleartext(plain, wire);
    } catch (AuthenticationException e) {
      return notNow;
    } finally {
      Arrays.fill(kn, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The data of a bin or str (Python reads both as bytes), else null. */
  private static MpValue.Span bytesOf(MpValue v) {
    if (v instanceof MpValue.Bin b) {
      return b.data();
    }
    if (v instanceof MpValue.Str s) {
      return s.data();
    }
    return null;
  }

  private static int binHeaderLength(int n) {
    return n <= 0xff ? 2 : n <= 0xffff ? 3 : 5;
  }

  private static int writeBinHeader(byte[] out, int p, int n) {
    if (n <= 0xff) {
      out[p++] = (byte) 0xc4;
      out[p++] = (byte) n;
    } else if (n <= 0xffff) {
      out[p++] = (byte) 0xc5;
      out[p++] = (byte) (n >>> 8);
      out[p++] = (byte) n;
    } else {
      out[p++] = (byte) 0xc6;
      out[p++] = (byte) (n >>> 24);
      out[p++] = (byte) (n >>> 16);
      out[p++] = (byte) (n >>> 8);
      out[p++] = (byte) n;
    }
    return p;
  }
}
