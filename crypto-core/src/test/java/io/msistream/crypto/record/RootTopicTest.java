package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RootTopicTest {
  @Test
  void rootIsThePartBeforeTheFirstSeparator() {
    assertThat(RootTopic.of("a.b.c")).isEqualTo("a");
    assertThat(RootTopic.of("a")).isEqualTo("a");
    assertThat(RootTopic.of("openmsitest.raw.images")).isEqualTo("openmsitest");
    assertThat(RootTopic.of("x_y-z", "_")).isEqualTo("x");
    assertThat(RootTopic.of(".a")).isEmpty();
  }
}
