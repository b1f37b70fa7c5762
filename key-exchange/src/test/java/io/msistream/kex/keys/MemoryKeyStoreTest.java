package io.msistream.kex.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.record.KeyIndex;
import org.junit.jupiter.api.Test;

class MemoryKeyStoreTest {
  @Test
  void theFirstKeyForAnIndexIsKeptAndCloseWipes() {
    ReceivedKeyStore store = ReceivedKeyStore.inMemory();
    KeyIndex ki = KeyIndex.ofBytes(new byte[32]);
    SecretBytes first = SecretBytes.copyOf(new byte[] {1, 2, 3});
    assertThat(store.put("r", ki, first)).isTrue();
    first.close(); // the store keeps its own copy
    assertThat(store.put("r", ki, SecretBytes.copyOf(new byte[] {9, 9, 9}))).isFalse();
    assertThat(store.find("r", ki).orElseThrow().bytes()).containsExactly(1, 2, 3);
    assertThat(store.contains("other", ki)).isFalse();
    assertThat(store.contains("r", KeyIndex.legacy(0))).isFalse();
    SecretBytes held = store.find("r", ki).orElseThrow();
    store.close();
    assertThat(held.isWiped()).isTrue();
    assertThat(store.find("r", ki)).isEmpty();
    assertThat(store.put("r", ki, SecretBytes.copyOf(new byte[1]))).isFalse();
  }
}
