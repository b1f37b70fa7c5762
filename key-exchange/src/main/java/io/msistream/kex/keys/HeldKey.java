package io.msistream.kex.keys;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.record.KeyIndex;
import java.util.Objects;

/**
 * One per-root secret K_R and the key index that names it. {@link #close()} wipes the secret;
 * whoever receives a {@code HeldKey} from a method owns it and closes it.
 */
public record HeldKey(KeyIndex keyIndex, SecretBytes rootKey) implements AutoCloseable {
  public HeldKey {
    Objects.requireNonNull(keyIndex, "keyIndex");
    Objects.requireNonNull(rootKey, "rootKey");
  }

  @Override
  public void close() {
    rootKey.close();
  }

  @Override
  public String toString() {
    return "HeldKey[" + keyIndex + "]";
  }
}
