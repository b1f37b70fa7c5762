package io.msistream.crypto.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Python's default ConfigParser dialect (OpenMSIStream config files) and dialect options. Expected
 * values were produced by Python 3.11's configparser on the same text.
 */
class IniTest {
  private static final String OMS = String.join("\n",
      "[DEFAULT]",
      "Host = example.org",
      "port: 9092",
      "",
      "[broker]",
      "bootstrap.servers = %(host)s:%(port)s",
      "sasl.password = pa:ss=word",
      "# comment",
      "; other comment",
      "Security.Protocol : SASL_SSL",
      "multi = first",
      "   second",
      "",
      "   third",
      "empty =",
      "pct = 100%%",
      "",
      "[producer]",
      "key.serializer = StringSerializer",
      "");

  @Test
  void pythonDialectReadsOpenMsiStreamConfigs() throws Exception {
    Ini ini = Ini.parse(OMS, IniDialect.python(), "oms.config");
    assertThat(ini.sections()).containsExactly("broker", "producer");
    assertThat(ini.items("broker")).containsExactly(
        entry("bootstrap.servers", "example.org:9092"),
        entry("sasl.password", "pa:ss=word"),
        entry("security.protocol", "SASL_SSL"),
        entry("multi", "first\nsecond\n\nthird"),
        entry("empty", ""),
        entry("pct", "100%"),
        entry("host", "example.org"),
        entry("port", "9092"));
    assertThat(ini.options("producer")).containsExactly("key.serializer", "host", "port");
    assertThat(ini.get("broker", "SECURITY.protocol")).contains("SASL_SSL"); // case-folded lookup
    assertThat(ini.raw("broker", "bootstrap.servers")).contains("%(host)s:%(port)s");
    assertThat(ini.get("nosuch", "x")).isEmpty();
    assertThat(ini.get("broker", "nosuch")).isEmpty();
    assertThat(ini.lineOf("broker", "multi")).isEqualTo(11);
  }

  @Test
  void pythonDialectWritesLikeConfigParserWrite() throws Exception {
    Ini ini = Ini.parse(OMS, IniDialect.python(), "oms.config");
    assertThat(ini.write()).isEqualTo("[DEFAULT]\nhost = example.org\nport = 9092\n\n[broker]\n"
        + "bootstrap.servers = %(host)s:%(port)s\nsasl.password = pa:ss=word\n"
        + "security.protocol = SASL_SSL\nmulti = first\n\tsecond\n\t\n\tthird\nempty = \n"
        + "pct = 100%%\n\n[producer]\nkey.serializer = StringSerializer\n\n");
    assertThat(Ini.parse(ini.write(), IniDialect.python(), "again")).isEqualTo(ini);
  }

  @Test
  void firstDelimiterOnTheLineSplits() throws Exception {
    Ini py = Ini.parse("[s]\na = b : c\nd : e = f\n", IniDialect.python(), "x");
    assertThat(py.ownRaw("s")).containsExactly(entry("a", "b : c"), entry("d", "e = f"));
    Ini kc = Ini.parse("[s]\na = b : c\n", IniDialect.kafkaCryptoNode(), "x");
    assertThat(kc.ownRaw("s")).containsExactly(entry("a = b", "c"));
  }

  @Test
  void kafkaCryptoDialectStoresNamesAsWrittenAndLooksUpLowerCase() throws Exception {
    Ini kc = Ini.parse("[s]\nBootstrap_Servers : upper\nbootstrap_servers : lower\nOnlyUpper : x\n",
        IniDialect.kafkaCryptoNode(), "x");
    assertThat(kc.ownRaw("s")).containsOnlyKeys("Bootstrap_Servers", "bootstrap_servers", "OnlyUpper");
    assertThat(kc.get("s", "BOOTSTRAP_SERVERS")).contains("lower");
    assertThat(kc.get("s", "OnlyUpper")).isEmpty();
    assertThat(kc.with("s", "NewName", "v").ownRaw("s")).containsKey("newname");
  }

  @Test
  void interpolationErrorsAreTypedAndNameTheOption() throws Exception {
    Ini ini = Ini.parse("[DEFAULT]\nloop = %(loop)s\n[s]\nmissing = %(nope)s\nbad = %(x\nlone = 5%\n",
        IniDialect.python(), "f.ini");
    assertThatThrownBy(() -> ini.get("s", "missing")).isInstanceOfSatisfying(IniException.class, e -> {
      assertThat(e.kind()).isEqualTo(IniException.Kind.INTERPOLATION_MISSING_OPTION);
      assertThat(e.getMessage()).contains("f.ini", "line 4", "[s]", "'missing'");
    });
    assertThatThrownBy(() -> ini.get("s", "bad")).isInstanceOfSatisfying(IniException.class,
        e -> assertThat(e.kind()).isEqualTo(IniException.Kind.INTERPOLATION_SYNTAX));
    assertThatThrownBy(() -> ini.get("s", "lone")).isInstanceOfSatisfying(IniException.class,
        e -> assertThat(e.kind()).isEqualTo(IniException.Kind.INTERPOLATION_SYNTAX));
    assertThatThrownBy(() -> ini.get("s", "loop")).isInstanceOfSatisfying(IniException.class,
        e -> assertThat(e.kind()).isEqualTo(IniException.Kind.INTERPOLATION_DEPTH));
    assertThatThrownBy(() -> ini.items("s")).isInstanceOf(IniException.class);
  }

  @Test
  void withoutInterpolationPercentIsPlain() throws Exception {
    IniDialect raw = IniDialect.builder().interpolation(false).build();
    Ini ini = Ini.parse("[s]\na = 5%\n", raw, "x").with("s", "b", "%(y");
    assertThat(ini.items("s")).containsExactly(entry("a", "5%"), entry("b", "%(y"));
  }

  @Test
  void literalValuesAreEscapedOnlyWhenInterpolating() throws Exception {
    Ini ini = Ini.empty(IniDialect.kafkaCryptoNode(), "x").withLiteral("s", "p", "50% of %(x)s");
    assertThat(ini.ownRaw("s")).containsExactly(entry("p", "50%% of %%(x)s"));
    assertThat(ini.get("s", "p")).contains("50% of %(x)s");
  }

  @Test
  void editsKeepOrderAndReturnNewDocuments() throws Exception {
    Ini a = Ini.parse("[one]\nx : 1\ny : 2\n[two]\nz : 3\n", IniDialect.kafkaCryptoNode(), "x");
    Ini b = a.with("one", "x", "10").with("three", "w", "4").without("one", "y");
    assertThat(a.ownRaw("one")).containsExactly(entry("x", "1"), entry("y", "2"));
    assertThat(b.write()).isEqualTo("[one]\nx : 10\n\n[two]\nz : 3\n\n[three]\nw : 4\n\n");
    assertThat(b.withoutSection("two").sections()).containsExactly("one", "three");
    assertThat(b.withSection("one")).isSameAs(b);
    assertThat(b.withSection("four").write()).endsWith("[four]\n\n");
  }

  @Test
  void defaultSectionIsInheritedAndWrittenFirstOnlyWhenNotEmpty() throws Exception {
    Ini ini = Ini.parse("[s]\na : 1\n", IniDialect.kafkaCryptoNode(), "x")
        .with("DEFAULT", "node_id", "n");
    assertThat(ini.write()).isEqualTo("[DEFAULT]\nnode_id : n\n\n[s]\na : 1\n\n");
    assertThat(ini.get("s", "node_id")).contains("n");
    assertThat(ini.hasSection("DEFAULT")).isTrue();
    assertThat(ini.sections()).containsExactly("s");
    assertThat(ini.withoutSection("DEFAULT").write()).isEqualTo("[s]\na : 1\n\n");
  }

  @Test
  void noDefaultSectionMakesDefaultOrdinary() throws Exception {
    IniDialect d = IniDialect.builder().defaultSection(null).build();
    Ini ini = Ini.parse("[DEFAULT]\na = 1\n[s]\nb = 2\n", d, "x");
    assertThat(ini.sections()).containsExactly("DEFAULT", "s");
    assertThat(ini.get("s", "a")).isEmpty();
  }

  @Test
  void structuralErrorsCarryLineSectionAndOption() {
    assertThatThrownBy(() -> Ini.parse("[s]\na = 1\nA = 2\n", IniDialect.python(), "f"))
        .isInstanceOfSatisfying(IniException.class, e -> {
          assertThat(e.kind()).isEqualTo(IniException.Kind.DUPLICATE_OPTION);
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.section()).isEqualTo("s");
          assertThat(e.option()).isEqualTo("a");
        });
    assertThatThrownBy(() -> Ini.parse("x = 1\n", IniDialect.python(), "f"))
        .isInstanceOfSatisfying(IniException.class,
            e -> assertThat(e.kind()).isEqualTo(IniException.Kind.MISSING_SECTION_HEADER));
    assertThatThrownBy(() -> Ini.parse("[s]\nsecret-without-delimiter\n[t]\n: v\n", IniDialect.python(), "f"))
        .isInstanceOfSatisfying(IniException.class, e -> {
          assertThat(e.kind()).isEqualTo(IniException.Kind.SYNTAX);
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.getMessage()).contains("2, 4").doesNotContain("secret");
        });
  }

  @Test
  void nonStrictDialectLetsTheLaterValueWin() throws Exception {
    IniDialect loose = IniDialect.builder().strict(false).build();
    Ini ini = Ini.parse("[s]\na = 1\nb = 2\n[s]\na = 3\n", loose, "x");
    assertThat(ini.ownRaw("s")).containsExactly(entry("a", "3"), entry("b", "2"));
  }

  @Test
  void inlineCommentsFollowConfigParserRules() throws Exception {
    IniDialect inline = IniDialect.builder().inlineCommentPrefixes("#", ";").build();
    Ini ini = Ini.parse("[s]\na = x;y # z\nb = x ;y\nc = #all\n", inline, "x");
    assertThat(ini.ownRaw("s")).containsExactly(entry("a", "x;y"), entry("b", "x"), entry("c", ""));
  }

  @Test
  void universalNewlinesAndByteOrderMark() throws Exception {
    Ini ini = Ini.parse("\ufeff[s]\r\na = 1\rb = 2\n", IniDialect.python(), "x");
    assertThat(ini.ownRaw("s")).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void continuationLinesCanBeTurnedOff() throws Exception {
    IniDialect flat = IniDialect.builder().continuationLines(false).build();
    Ini ini = Ini.parse("[s]\na = 1\n  b = 2\n", flat, "x");
    assertThat(ini.ownRaw("s")).containsExactly(entry("a", "1"), entry("b", "2"));
    assertThatThrownBy(() -> Ini.parse("[s]\na = 1\n  more\n", flat, "x"))
        .isInstanceOf(IniException.class);
  }

  @Test
  void dialectBuilderRejectsEmptyDelimiters() {
    assertThatThrownBy(() -> IniDialect.builder().delimiters()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IniDialect.builder().delimiters("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(IniDialect.kafkaCryptoNode().toBuilder().build().delimiters()).containsExactly(":");
  }
}
