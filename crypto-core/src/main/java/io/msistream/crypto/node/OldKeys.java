package io.msistream.crypto.node;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.record.KeyIndex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A producer's stored production keys, {@code [N-crypto] oldkeys} (spec 4, 8.2):
 * {@code nonce24 || secretbox(pack({"pgens": [[root, ki, bin(K_R), birth], ...]}), EK)}. They are
 * reloaded after a restart only to answer key requests, never to encrypt.
 */
public final class OldKeys {
  private static final String PGENS = "pgens";

  private OldKeys() {}

  /**
   * One stored production key.
   *
   * @param root the root topic
   * @param ki its key index (bin or legacy integer)
   * @param rootKey K_R (32 bytes; owned by this record, wipe with {@link #close()})
   * @param birth when it was made, seconds since the epoch
   */
  public record Pgen(String root, KeyIndex ki, SecretBytes rootKey, double birth)
      implements AutoCloseable {
    public Pgen {
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(ki, "ki");
      Objects.requireNonNull(rootKey, "rootKey");
    }

    @Override
    public void close() {
      rootKey.close();
    }

    @Override
    public String toString() {
      return "Pgen[" + root + ", " + ki + ", born " + birth + "]";
    }
  }

  /** Wraps {@code pgens} with the storage key under a fresh random nonce. */
  public static byte[] wrap(List<Pgen> pgens, SecretBytes storageKey, SecureRandom random) {
    byte[] plain = Msgpack.pack(p -> {
      p.packMapHeader(1).packString(PGENS).packArrayHeader(pgens.size());
      for (Pgen g : pgens) {
        p.packArrayHeader(4).packString(g.root());
        p.writePayload(g.ki().encode());
        byte[] k = g.rootKey().unsafeView();
        p.packBinaryHeader(k.length).writePayload(k);
        p.packDouble(g.birth());
      }
    });
    byte[] nonce = new byte[SecretBox.NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      byte[] box = SecretBox.seal(storageKey.unsafeView(), nonce, plain);
      byte[] out = Arrays.copyOf(nonce, nonce.length + box.length);
      System.arraycopy(box, 0, out, nonce.length, box.length);
      return out;
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens wrapped production keys.
   *
   * @param name where the value came from, for messages (e.g. the config file)
   * @throws NodeFileException if the value does not open with this storage key or is malformed
   */
  public static List<Pgen> unwrap(byte[] wrapped, SecretBytes storageKey, String name)
      throws NodeFileException {
    if (wrapped.length < SecretBox.NONCE_BYTES + SecretBox.TAG_BYTES) {
      throw new NodeFileException(name, "oldkeys: too short");
    }
    byte[] plain;
    try {
      plain = SecretBox.open(storageKey.unsafeView(), Arrays.copyOf(wrapped, SecretBox.NONCE_BYTES),
          Arrays.copyOfRange(wrapped, SecretBox.NONCE_BYTES, wrapped.length));
    } catch (AuthenticationException e) {
      throw new NodeFileException(name, "oldkeys: does not open with this node's storage key", e);
    }
    List<Pgen> out = new ArrayList<>();
    try {
      MpValue top = Msgpack.decode(plain);
      if (!(top instanceof MpValue.MapValue m)) {
        throw new MalformedDataException("oldkeys: expected a map, found " + top.typeName());
      }
      MpValue list = null;
      for (Map.Entry<MpValue, MpValue> e : m.entries().entrySet()) {
        if ((e.getKey() instanceof MpValue.Str || e.getKey() instanceof MpValue.Bin)
            && Arrays.equals(e.getKey().asBytes("oldkeys key"), PGENS.getBytes(StandardCharsets.UTF_8))) {
          list = e.getValue();
        }
      }
      if (list == null) {
        throw new MalformedDataException("oldkeys: no \"pgens\" entry");
      }
      for (MpValue item : list.asArray("oldkeys pgens")) {
        List<MpValue> f = item.asArray("oldkeys entry " + out.size());
        if (f.size() < 4) {
          throw new MalformedDataException("oldkeys entry " + out.size() + ": expected 4 items");
        }
        byte[] k = f.get(2).asBin("oldkeys entry " + out.size() + " key");
        if (k.length != 32) {
          Arrays.fill(k, (byte) 0);
          throw new MalformedDataException("oldkeys entry " + out.size() + ": key must be 32 bytes");
        }
        out.add(new Pgen(f.get(0).asText("oldkeys entry root"), KeyIndex.of(f.get(1)),
            SecretBytes.wrap(k), f.get(3).asNumber("oldkeys entry birth")));
      }
      return List.copyOf(out);
    } catch (MalformedDataException e) {
      out.forEach(Pgen::close);
      throw new NodeFileException(name, e.getMessage(), e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}
