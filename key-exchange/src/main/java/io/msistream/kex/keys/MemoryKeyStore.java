package io.msistream.kex.keys;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.record.KeyIndex;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory {@link ReceivedKeyStore}, as Python keeps received keys (spec 4). */
final class MemoryKeyStore implements ReceivedKeyStore {
  private record Name(String root, KeyIndex ki) {}

  private final Map<Name, SecretBytes> keys = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public boolean put(String root, KeyIndex ki, SecretBytes kR) {
    if (closed) {
      return false;
    }
    SecretBytes copy = SecretBytes.copyOf(kR.unsafeView());
    SecretBytes before = keys.putIfAbsent(new Name(root, ki), copy);
    if (before != null) {
      copy.close();
      return false;
    }
    return true;
  }

  @Override
  public Optional<SecretBytes> find(String root, KeyIndex ki) {
    return closed ? Optional.empty() : Optional.ofNullable(keys.get(new Name(root, ki)));
  }

  @Override
  public void close() {
    closed = true;
    keys.values().forEach(SecretBytes::close);
    keys.clear();
  }

  @Override
  public String toString() {
    return "MemoryKeyStore[" + keys.size() + " keys]";
  }
}
