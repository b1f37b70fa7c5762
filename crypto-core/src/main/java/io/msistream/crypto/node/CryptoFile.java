package io.msistream.crypto.node;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.Ed25519SlhDsa;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.primitives.SlhDsa;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A node's {@code <id>.crypto} file (spec 8.2): signing secret keys, the storage key EK, the
 * legacy flag and the enabled key-exchange (KEM) types.
 *
 * <pre>
 * version 2:    [2, [SSK_1, ...], bin(EK32), legacy(bool), [t1, t2, ...]]
 * version 1:    [1, SSK, EK, legacy, types]              (read only)
 * unversioned:  [SSK, EK]  = legacy true, types [1]      (read only)
 * SSK: bin(64) Ed25519 (seed || pk), or bin(pack([4, [bin(64) ed, bin(64) slh-dsa]]))
 * </pre>
 *
 * <p>Decisions where Python is loose:
 * <ul>
 *   <li>Trailing bytes after the value are ignored, as Python does (it strips bytes from the end
 *       until the rest decodes, which keeps exactly the first value); the file is not rewritten for
 *       them. Old layouts report {@link #needsRewrite()} and {@link #encode()} gives the v2 bytes
 *       Python would write.
 *   <li>Type-1 secret keys must carry their own public key (seed and public half must agree), and
 *       a type-4 SLH-DSA key its own public key; a corrupted file is refused instead of making
 *       signatures nobody can verify.
 *   <li>KEM types: an empty list is refused (as in Python). Reply-only types 3 and 6 are dropped
 *       (as in Python). Unknown numbers (e.g. 9) are dropped too, where Python quietly treats them
 *       as X25519 — that would only send a duplicate X25519 key. Repeats are dropped. If no usable
 *       type remains the file is refused. {@link #kemTypesInFile()} keeps the list as written.
 * </ul>
 *
 * Secret material stays in {@link SigningKey}/{@link SecretBytes}; {@link #close()} wipes it.
 */
public final class CryptoFile implements AutoCloseable {
  /** The layout a file was read in. */
  public enum Format { V2, V1, UNVERSIONED }

  private final Format format;
  private final boolean trailingBytes;
  private final List<SigningKey> signingKeys;
  private final SecretBytes storageKey;
  private final boolean legacy;
  private final List<Long> kemTypesInFile;
  private final List<KemType> kemTypes;

  private CryptoFile(Format format, boolean trailingBytes, List<SigningKey> signingKeys,
      SecretBytes storageKey, boolean legacy, List<Long> kemTypesInFile, List<KemType> kemTypes) {
    this.format = format;
    this.trailingBytes = trailingBytes;
    this.signingKeys = List.copyOf(signingKeys);
    this.storageKey = storageKey;
    this.legacy = legacy;
    this.kemTypesInFile = List.copyOf(kemTypesInFile);
    this.kemTypes = List.copyOf(kemTypes);
  }

  /**
   * Parses a {@code .crypto} file's bytes.
   *
   * @param name the file name for messages
   * @throws NodeFileException if it is not a readable key file
   */
  public static CryptoFile parse(byte[] bytes, String name) throws NodeFileException {
    Msgpack.Prefix prefix;
    try {
      prefix = Msgpack.decodePrefix(bytes);
    } catch (MalformedDataException e) {
      throw new NodeFileException(name, "not a msgpack key file: " + e.getMessage(), e);
    }
    List<SigningKey> keys = new ArrayList<>();
    try {
      List<MpValue> top = prefix.value().asArray("key file");
      Format format;
      List<MpValue> sks;
      MpValue ek;
      boolean legacy;
      List<Long> types = new ArrayList<>();
      if (top.size() == 2 && !(top.get(0) instanceof MpValue.Int)) {
        format = Format.UNVERSIONED;
        sks = List.of(top.get(0));
        ek = top.get(1);
        legacy = true;
        types.add(1L);
      } else {
        if (top.size() != 5) {
          throw new MalformedDataException("key file: expected 5 items, found " + top.size());
        }
        long version = top.get(0).asLong("key file version");
        if (version == 2) {
          format = Format.V2;
          sks = top.get(1).asArray("signing keys");
        } else if (version == 1) {
          format = Format.V1;
          sks = List.of(top.get(1));
        } else {
          throw new MalformedDataException("key file: unknown version " + version);
        }
        ek = top.get(2);
        legacy = top.get(3).asBool("legacy flag");
        for (MpValue t : top.get(4).asArray("key-exchange types")) {
          types.add(t.asLong("key-exchange type"));
        }
      }
      for (int i = 0; i < sks.size(); i++) {
        keys.add(signingKey(sks.get(i).asBin("signing key " + i), i));
      }
      byte[] ekBytes = ek.asBin("storage key");
      if (ekBytes.length != 32) {
        Arrays.fill(ekBytes, (byte) 0);
        throw new MalformedDataException("storage key: expected 32 bytes");
      }
      if (types.isEmpty()) {
        throw new MalformedDataException("key-exchange types: the list is empty");
      }
      List<KemType> usable = new ArrayList<>();
      for (long t : types) {
        Optional<KemType> k = KemType.forRequestType(t);
        if (k.isPresent() && !usable.contains(k.get())) {
          usable.add(k.get());
        }
      }
      if (usable.isEmpty()) {
        throw new MalformedDataException("key-exchange types: none of " + types + " is usable");
      }
      return new CryptoFile(format, prefix.length() < bytes.length, keys, SecretBytes.wrap(ekBytes),
          legacy, types, usable);
    } catch (MalformedDataException e) {
      keys.forEach(SigningKey::close);
      throw new NodeFileException(name, e.getMessage(), e);
    }
  }

  private static SigningKey signingKey(byte[] b, int i) throws MalformedDataException {
    try {
      if (b.length == Ed25519.SECRET_KEY_BYTES) {
        byte[] pk = Ed25519.publicKeyOf(b);
        if (!MessageDigest.isEqual(pk, Arrays.copyOfRange(b, 32, 64))) {
          throw new MalformedDataException("signing key " + i
              + ": the stored public half does not match the seed (corrupted key)");
        }
        return SigningKey.ed25519(b);
      }
      List<MpValue> pair = Msgpack.decode(b).asArray("signing key " + i);
      if (pair.size() != 2 || pair.get(0).asLong("signing key " + i + " type") != Ed25519SlhDsa.TYPE) {
        throw new MalformedDataException("signing key " + i + ": neither 64 bytes nor a type-4 key");
      }
      List<MpValue> halves = pair.get(1).asArray("signing key " + i + " halves");
      if (halves.size() != 2) {
        throw new MalformedDataException("signing key " + i + ": expected two halves");
      }
      byte[] ed = halves.get(0).asBin("signing key " + i + " Ed25519 half");
      byte[] slh = halves.get(1).asBin("signing key " + i + " SLH-DSA half");
      try {
        if (ed.length != 64 || slh.length != SlhDsa.SECRET_KEY_BYTES) {
          throw new MalformedDataException("signing key " + i + ": type-4 halves must be 64 bytes");
        }
        if (!MessageDigest.isEqual(Ed25519.publicKeyOf(ed), Arrays.copyOfRange(ed, 32, 64))
            || !MessageDigest.isEqual(SlhDsa.publicKeyOf(slh), Arrays.copyOfRange(slh, 32, 64))) {
          throw new MalformedDataException("signing key " + i
              + ": a stored public half does not match its secret (corrupted key)");
        }
        return SigningKey.hybrid(ed, slh);
      } finally {
        Arrays.fill(ed, (byte) 0);
        Arrays.fill(slh, (byte) 0);
      }
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * A new key file as KafkaCrypto creates one: {@code [2, [new keys], random EK, false, types]}.
   *
   * @param keyTypes signing key types to generate (1 and/or 4), in order
   * @param kemTypes KEM request types to enable, normally {@code [5, 2, 1]}
   */
  public static CryptoFile generate(SecureRandom random, List<Integer> keyTypes,
      List<KemType> kemTypes) {
    if (kemTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one key-exchange type is needed");
    }
    List<SigningKey> keys = new ArrayList<>();
    for (int t : keyTypes) {
      if (t == 1) {
        byte[] sk = Ed25519.generateSecretKey(random);
        keys.add(SigningKey.ed25519(sk));
        Arrays.fill(sk, (byte) 0);
      } else if (t == Ed25519SlhDsa.TYPE) {
        byte[] ed = Ed25519.generateSecretKey(random);
        byte[] slh = SlhDsa.generateSecretKey(random);
        keys.add(SigningKey.hybrid(ed, slh));
        Arrays.fill(ed, (byte) 0);
        Arrays.fill(slh, (byte) 0);
      } else {
        throw new IllegalArgumentException("unknown signing key type " + t);
      }
    }
    byte[] ek = new byte[32];
    random.nextBytes(ek);
    List<Long> types = new ArrayList<>();
    kemTypes.forEach(k -> types.add((long) k.requestType()));
    return new CryptoFile(Format.V2, false, keys, SecretBytes.wrap(ek), false, types, kemTypes);
  }

  /** The version-2 bytes: {@code [2, [SSK...], bin(EK), legacy, types-as-in-file]}. */
  public byte[] encode() {
    List<byte[]> sks = new ArrayList<>();
    for (SigningKey k : signingKeys) {
      sks.add(secretForm(k));
    }
    try {
      return Msgpack.pack(p -> {
        p.packArrayHeader(5).packInt(2).packArrayHeader(sks.size());
        for (byte[] s : sks) {
          p.packBinaryHeader(s.length).writePayload(s);
        }
        byte[] ek = storageKey.unsafeView();
        p.packBinaryHeader(ek.length).writePayload(ek);
        p.packBoolean(legacy);
        p.packArrayHeader(kemTypesInFile.size());
        for (long t : kemTypesInFile) {
          p.packLong(t);
        }
      });
    } finally {
      sks.forEach(s -> Arrays.fill(s, (byte) 0));
    }
  }

  private static byte[] secretForm(SigningKey k) {
    if (k instanceof SigningKey.Ed25519Signing e) {
      return e.secretKey();
    }
    SigningKey.HybridSigning h = (SigningKey.HybridSigning) k;
    byte[] ed = h.ed25519SecretKey();
    byte[] slh = h.slhDsaSecretKey();
    try {
      return Msgpack.pack(p -> {
        p.packArrayHeader(2).packInt(Ed25519SlhDsa.TYPE).packArrayHeader(2);
        p.packBinaryHeader(ed.length).writePayload(ed);
        p.packBinaryHeader(slh.length).writePayload(slh);
      });
    } finally {
      Arrays.fill(ed, (byte) 0);
      Arrays.fill(slh, (byte) 0);
    }
  }

  /** The layout the file was read in. */
  public Format format() {
    return format;
  }

  /** True if bytes followed the value (ignored). */
  public boolean hadTrailingBytes() {
    return trailingBytes;
  }

  /** True for old layouts, which Python rewrites as version 2 on load ({@link #encode()}). */
  public boolean needsRewrite() {
    return format != Format.V2;
  }

  /** All signing keys in file order (index i pairs with {@code chain<i>}). */
  public List<SigningKey> signingKeys() {
    return signingKeys;
  }

  /** The storage key EK (wraps {@code oldkeys}); owned by this object. */
  public SecretBytes storageKey() {
    return storageKey;
  }

  /** The legacy flag: also send single-key (legacy) requests. */
  public boolean legacy() {
    return legacy;
  }

  /** The KEM type numbers as written. */
  public List<Long> kemTypesInFile() {
    return kemTypesInFile;
  }

  /** The usable KEM types in file order (see the class notes). */
  public List<KemType> kemTypes() {
    return kemTypes;
  }

  /** The node id bytes: the byte forms of {@code keys}' public keys, concatenated (spec 3.1). */
  public static byte[] nodeIdSpk(List<SigningKey> keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SigningKey k : keys) {
      out.writeBytes(k.publicKey().byteForm());
    }
    return out.toByteArray();
  }

  /** Wipes the secret keys and the storage key. */
  @Override
  public void close() {
    signingKeys.forEach(SigningKey::close);
    storageKey.close();
  }

  @Override
  public String toString() {
    return "CryptoFile[" + format + ", " + signingKeys + ", legacy=" + legacy + ", kem=" + kemTypes + "]";
  }
}
