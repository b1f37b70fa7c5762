package io.msistream.crypto.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.testing.SharedVectors;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesEveryJsonType() throws Exception {
    Object v = Json.parse("{\"a\":[1,-2,3.5,1e3,18446744073709551616,true,false,null,\"x\\n\\u00e9\"],\"b\":{}}");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    List<Object> a = (List<Object>) ((Map<?, ?>) v).get("a");
    assertThat(a).containsExactly(1L, -2L, 3.5, 1000.0, new BigInteger("18446744073709551616"),
        true, false, null, "x\né");
  }

  @Test
  void rejectsMalformedInputWithAPosition() {
    for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "1 2", "[01x]", "\"\\q\""}) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(JsonException.class)
          .hasMessageContaining("line");
    }
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(100_000);
    assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class);
  }

  @Test
  void randomInputNeverThrowsAnythingButJsonException() {
    Random r = new Random(42);
    String alphabet = "{}[],:\"\\-+.eE0123456789truefalsn ";
    for (int n = 0; n < 20_000; n++) {
      char[] c = new char[r.nextInt(24)];
      for (int k = 0; k < c.length; k++) {
        c[k] = alphabet.charAt(r.nextInt(alphabet.length()));
      }
      try {
        Json.parse(new String(c));
      } catch (JsonException expected) {
        // the only allowed failure
      }
    }
  }

  @Test
  void readsEverySharedVectorFile() throws Exception {
    try (Stream<Path> files = Files.walk(SharedVectors.interopDir())) {
      List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertThat(json).isNotEmpty();
      for (Path p : json) {
        assertThat(JsonValue.read(p).isObject()).as(p.toString()).isTrue();
      }
    }
  }
}
