package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.cert.NodeRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The answer parsers shared by prompts and flags. */
class AnswersTest {
  @TempDir Path tmp;

  @Test
  void keyTypeDefaultsToEd25519AndRefusesType4() throws Exception {
    assertThat(Answers.parseKeyType("")).isEqualTo(1);
    assertThat(Answers.parseKeyType(" 1 ")).isEqualTo(1);
    assertThatThrownBy(() -> Answers.parseKeyType("4")).isInstanceOf(ProvisionException.class)
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> Answers.parseKeyType("ed25519"))
        .isInstanceOf(ProvisionException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "oms_producer", "node-1.lab", "_x", "A9"})
  void goodNodeIds(String id) throws Exception {
    assertThat(Answers.parseNodeId(" " + id + "\t")).isEqualTo(id);
  }

  @Test
  void longestNodeId() throws Exception {
    assertThat(Answers.parseNodeId("x".repeat(200))).hasSize(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "a/b", "/abs", "a\\b", ".", "..", ".hidden", "-dash", "a b",
      "a:b", "a=b", "[x]", "a%b", "ä", "a\u0000b", "DEFAULT"})
  void badNodeIds(String id) {
    assertThatThrownBy(() -> Answers.parseNodeId(id)).isInstanceOf(ProvisionException.class);
  }

  @Test
  void tooLongNodeId() {
    assertThatThrownBy(() -> Answers.parseNodeId("x".repeat(201)))
        .hasMessageContaining("longer than 200");
  }

  @Test
  void pathlen() throws Exception {
    assertThat(Answers.parsePathlen("")).isEqualTo(1L);
    assertThat(Answers.parsePathlen("2")).isEqualTo(2L);
    assertThat(Answers.parsePathlen(" -1 ")).isNull();
    for (String bad : List.of("0", "-2", "1.5", "x", "9999999999999999999999")) {
      assertThatThrownBy(() -> Answers.parsePathlen(bad)).as(bad)
          .isInstanceOf(ProvisionException.class);
    }
  }

  @Test
  void yesNo() throws Exception {
    assertThat(Answers.parseYesNo("", false)).isFalse();
    assertThat(Answers.parseYesNo("", true)).isTrue();
    assertThat(Answers.parseYesNo("Y", false)).isTrue();
    assertThat(Answers.parseYesNo("yes", false)).isTrue();
    assertThat(Answers.parseYesNo("NO", true)).isFalse();
    assertThatThrownBy(() -> Answers.parseYesNo("maybe", false))
        .isInstanceOf(ProvisionException.class);
  }

  @Test
  void rolesAndLimited() throws Exception {
    assertThat(RoleChoice.parse("1").role(false)).isEqualTo(NodeRole.CONTROLLER);
    assertThat(RoleChoice.parse("producer").role(false)).isEqualTo(NodeRole.PRODUCER);
    assertThat(RoleChoice.parse("3").role(true)).isEqualTo(NodeRole.CONSUMER_LIMITED);
    assertThat(RoleChoice.parse("Consumer+Producer").role(false)).isEqualTo(NodeRole.PRODCON);
    assertThat(RoleChoice.parse("prodcon").role(true)).isEqualTo(NodeRole.PRODCON_LIMITED);
    assertThat(RoleChoice.parse("2").asksLimited()).isFalse();
    assertThat(RoleChoice.parse("1").asksLimited()).isFalse();
    assertThat(RoleChoice.parse("4").asksLimited()).isTrue();
    for (String bad : List.of("", "0", "5", "admin")) {
      assertThatThrownBy(() -> RoleChoice.parse(bad)).as(bad).hasMessageContaining("unknown role");
    }
  }

  @Test
  void topicsReduceToRootsInFirstSeenOrder() throws Exception {
    assertThat(TopicRoots.parse("openmsitest.0 openmsitest.images")).containsExactly("openmsitest");
    assertThat(TopicRoots.parse(" b.x  a b a.y\tc ")).containsExactly("b", "a", "c");
    assertThat(TopicRoots.parse("")).isEmpty();
    assertThat(TopicRoots.parse("   ")).isEmpty();
    assertThat(TopicRoots.parse("^.*$")).isEqualTo(TopicRoots.ALL);
    assertThat(TopicRoots.parse("t".repeat(249))).containsExactly("t".repeat(249));
    assertThat(TopicRoots.parse("A-b_c.9")).containsExactly("A-b_c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a b!", "ü", "^a", "a,b", "a:b", ".", "..", ".x", "a..b x"})
  void badTopics(String answer) throws Exception {
    if (answer.equals("a..b x")) { // legal: root "a"
      assertThat(TopicRoots.parse(answer)).containsExactly("a", "x");
      return;
    }
    assertThatThrownBy(() -> TopicRoots.parse(answer)).isInstanceOf(ProvisionException.class);
  }

  @Test
  void topicLongerThanKafkaAllows() {
    assertThatThrownBy(() -> TopicRoots.parse("t".repeat(250))).hasMessageContaining("249");
  }

  @Test
  void answersRejectProgrammingErrors() {
    assertThatThrownBy(() -> new Answers(4, "x", NodeRole.PRODUCER, List.of("a"), 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Answers(1, "x", NodeRole.PRODUCER, List.of(), 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Answers(1, "x", NodeRole.PRODUCER, List.of("a"), 0L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passwordLengths() throws Exception {
    Passwords.checkRot("123456789012".toCharArray());
    Passwords.checkProvisioning("123456".toCharArray());
    assertThatThrownBy(() -> Passwords.checkRot("12345678901".toCharArray()))
        .hasMessageContaining("at least 12");
    assertThatThrownBy(() -> Passwords.checkProvisioning("12345".toCharArray()))
        .hasMessageContaining("at least 6");
    // code points, as Python's len(): 6 emoji are 12 chars in Java but 6 characters
    assertThatThrownBy(() -> Passwords.checkRot("😀😀😀😀😀😀".toCharArray()))
        .hasMessageContaining("it has 6");
    assertThat(new String(Passwords.of("123456789012".toCharArray(), "abcdef".toCharArray())
        .toString())).doesNotContain("123456789012").doesNotContain("abcdef");
  }

  @Test
  void passwordFilesKeepEverythingButTheLineEnd() throws Exception {
    Path f = tmp.resolve("pw");
    Files.writeString(f, " spaced pass \r\nsecond line\n");
    assertThat(new String(Passwords.readFile(f, "x"))).isEqualTo(" spaced pass ");
    Files.writeString(f, "no newline");
    assertThat(new String(Passwords.readFile(f, "x"))).isEqualTo("no newline");
    Files.writeString(f, "pässwörd\n", StandardCharsets.UTF_8);
    assertThat(new String(Passwords.readFile(f, "x"))).isEqualTo("pässwörd");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    assertThatThrownBy(() -> Passwords.readFile(f, "root-of-trust password"))
        .hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> Passwords.readFile(tmp.resolve("missing"), "x"))
        .isInstanceOf(ProvisionException.class);
  }
}
