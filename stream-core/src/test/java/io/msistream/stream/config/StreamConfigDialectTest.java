package io.msistream.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenMSIStream's configparser dialect as seen through StreamConfig. */
class StreamConfigDialectTest {
  private static final Path FILE = Path.of("/cfg/lab.config");
  private static final Map<String, String> ENV = Map.of("HOST", "kafka.example", "PORT", "9093",
      "EMPTY", "");

  static StreamConfig parse(String text) throws ConfigException {
    return StreamConfig.parse(text, FILE, ENV::get);
  }

  @Test
  void delimitersCommentsCaseAndContinuation() throws Exception {
    StreamConfig c = parse(String.join("\n",
        "# comment",
        "; another",
        "[DEFAULT]",
        "Shared.Key = from default",
        "[broker]",
        "Bootstrap.Servers : a:9092,b:9092",
        "client.id=x = y",
        "multi = first",
        "  second",
        "",
        "  third",
        "percent = 100%%",
        "ref = %(client.id)s!",
        "[producer]",
        "shared.key = own"));
    assertThat(c.sections()).containsExactly("broker", "producer");
    assertThat(c.value("broker", "bootstrap.servers")).hasValue("a:9092,b:9092");
    assertThat(c.value("broker", "BOOTSTRAP.SERVERS")).hasValue("a:9092,b:9092");
    assertThat(c.value("broker", "client.id")).hasValue("x = y"); // the first delimiter splits
    assertThat(c.value("broker", "multi")).hasValue("first\nsecond\n\nthird");
    assertThat(c.value("broker", "percent")).hasValue("100%");
    assertThat(c.value("broker", "ref")).hasValue("x = y!");
    assertThat(c.value("broker", "shared.key")).hasValue("from default");
    assertThat(c.value("producer", "shared.key")).hasValue("own");
    assertThat(c.value("nosuch", "x")).isEmpty();
    List<Setting> s = c.settings("broker");
    assertThat(s.get(0).line()).isEqualTo(6);
    assertThat(s).extracting(Setting::key).containsExactly("bootstrap.servers", "client.id",
        "multi", "percent", "ref", "shared.key");
    assertThat(s.get(s.size() - 1).line()).isEqualTo(4); // inherited from DEFAULT, line 4
  }

  @Test
  void inlineSemicolonAndHashAreData() throws Exception {
    StreamConfig c = parse("[broker]\nsasl.password = ab;cd #ef\n");
    assertThat(c.value("broker", "sasl.password")).hasValue("ab;cd #ef");
  }

  @Test
  void syntaxErrorsNameFileAndLine() {
    assertThatThrownBy(() -> parse("[broker]\nok = 1\nno delimiter here\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("lab.config")
        .hasMessageContaining("line").hasMessageContaining("3");
    assertThatThrownBy(() -> parse("key = before any section\n[broker]\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 1");
    assertThatThrownBy(() -> parse("[broker]\na = 1\nA = 2\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 3");
    assertThatThrownBy(() -> parse("[broker]\n[x]\n[broker]\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 3");
  }

  @Test
  void badPercentIsReportedWhenTheSectionIsRead() throws Exception {
    StreamConfig c = parse("[broker]\nbootstrap.servers = h:1\n[producer]\nx = 50%\n");
    assertThat(c.value("broker", "bootstrap.servers")).hasValue("h:1");
    assertThatThrownBy(() -> c.settings("producer")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 4").hasMessageContaining("[producer]")
        .hasMessageContaining("'x'");
  }

  @Test
  void environmentExpansionOnlyForValuesStartingWithDollar() throws Exception {
    StreamConfig c = parse(String.join("\n", "[broker]",
        "a = $HOST", "b = ${HOST}:$PORT", "c = $HOST:9092", "d = x$HOST", "e = $EMPTY",
        "f = ${HOST}suffix"));
    assertThat(c.value("broker", "a")).hasValue("kafka.example");
    assertThat(c.value("broker", "b")).hasValue("kafka.example:9093");
    assertThat(c.value("broker", "c")).hasValue("kafka.example:9092");
    assertThat(c.value("broker", "d")).hasValue("x$HOST");
    assertThat(c.value("broker", "e")).hasValue("");
    assertThat(c.value("broker", "f")).hasValue("kafka.examplesuffix");
  }

  @Test
  void unsetVariableNamesFileLineSectionKeyAndVariable() throws Exception {
    StreamConfig c = parse("[broker]\n\nbootstrap.servers = $HOST:$NOPE\n[unused]\nx = $ALSO_NOPE\n");
    assertThatThrownBy(() -> c.settings("broker")).isInstanceOf(ConfigException.class)
        .hasMessage("/cfg/lab.config, line 3, section [broker], option 'bootstrap.servers':"
            + " environment variable NOPE is not set (the value starts with '$', so it must name"
            + " a set variable)");
    assertThatThrownBy(() -> parse("[s]\nx = $\n").settings("s"))
        .hasMessageContaining("names no environment variable");
    assertThatThrownBy(() -> parse("[s]\nx = ${}\n").settings("s"))
        .hasMessageContaining("does not name");
    StreamConfig other = parse("[broker]\nx = 1\n[unused]\ny = $NOPE\n");
    assertThat(other.value("broker", "x")).as("sections not read need no variables").hasValue("1");
  }
}
