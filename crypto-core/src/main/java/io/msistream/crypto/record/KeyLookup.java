package io.msistream.crypto.record;

import io.msistream.crypto.SecretBytes;
import java.util.Optional;

/** Where a consumer finds the per-root secret K_R for a (root, key index) pair. */
@FunctionalInterface
public interface KeyLookup {
  /**
   * The K_R for {@code root} and {@code ki}, if known. The decoder only reads it during the call
   * and never wipes or keeps it.
   */
  Optional<SecretBytes> find(String root, KeyIndex ki);

  /** A lookup that knows no keys. */
  static KeyLookup none() {
    return (root, ki) -> Optional.empty();
  }
}
