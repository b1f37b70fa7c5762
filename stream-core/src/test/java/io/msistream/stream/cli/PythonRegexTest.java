package io.msistream.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Python {@code re.match} verdicts (recorded from CPython 3.11) for expressions whose syntax or
 * meaning differs between Python and Java; {@link PythonRegex} must give the same answer for each.
 */
class PythonRegexTest {
  /** {pattern, subject, Python's re.match(pattern, subject) is not None}. */
  private static final Object[][] PYTHON = {
      {"(?P<sub>raw)/(?P=sub)", "raw/raw/x", true},
      {"(?P<my_dir>a)/", "a/b.dat", true},
      {"sub\\Z", "sub", true},
      {"sub\\Z", "sub\n", false},
      {"sub$", "sub\n", true},
      {"sub$", "sub\r", false},
      {"a.b", "a\rb", true},
      {"a.b", "a\u2028b", true},
      {"a.b", "a\nb", false},
      {"\\w+\\.dat", "\u00fcn\u00ef.dat", true},
      {"\\d+", "\u0663\u0664", true},
      {"\\s", "\u00a0", true},
      {"(?i)\u00c4B", "\u00e4b", true},
      {"(?a)\\w+\\.dat", "\u00fcn\u00ef.dat", false},
      {"(?a:\\w)+\\.dat", "ab.dat", true},
      {"a{,3}b", "aab", true},
      {"a{b", "a{b", true},
      {"x{1,2", "x{1,2", true},
      {"a{}", "a{}", true},
      {"a{,}b", "aaab", true},
      {"[[]x", "[x", true},
      {"[]a]+", "]a]", true},
      {"[^]a]", "b", true},
      {"[a&&b]", "&", true},
      {"[\\b]", "\b", true},
      {"\\v", "\u000b", true},
      {"\\v", "\n", false},
      {"(?#comment)abc", "abc", true},
      {"\\0", "\u0000", true},
      {"\\012", "\n", true},
      {"\\101", "A", true},
      {"(a)\\1", "aa", true},
      {"\\U0001F600", "\ud83d\ude00", true},
      {"[\\101-\\103]+", "ABC", true},
      {"\\x41", "A", true},
      {"\\u00e9", "\u00e9", true},
      {"(?x) a b # c", "ab", true},
      {"(?s)a.b", "a\nb", true},
      {"(?m)^b", "a\nb", false},
      {"^((?!(\\.|.*.log))).*$", "catalog.csv", false},
      {"^((?!(\\.|.*.log))).*$", "logfile.txt", true},
      {"^((?!(\\.|.*.log))).*$", "x.LOG", true},
      {"^((?!(\\.|.*.log))).*$", ".hidden", false},
      {".*\\.dat", "sub/a.dat", true},
      {"sub/", "sub/a.dat", true},
      {"\\N{LATIN SMALL LETTER E WITH ACUTE}", "\u00e9", true},
      {"(?u)\\w", "\u00e9", true},
  };

  @Test
  void matchesWhatPythonMatches() {
    for (Object[] c : PYTHON) {
      String pattern = (String) c[0];
      String subject = (String) c[1];
      boolean python = (Boolean) c[2];
      assertThat(PythonRegex.compile(pattern).matcher(subject).lookingAt())
          .as("re.match(%s, %s) -> Java %s", pattern, subject, PythonRegex.toJava(pattern))
          .isEqualTo(python);
    }
  }

  @Test
  void upstreamsDefaultUploadRegexKeepsItsQuirk() {
    Pattern p = PythonRegex.compile("^((?!(\\.|.*.log))).*$");
    assertThat(p.matcher("blog/post.txt").lookingAt()).isFalse();
    assertThat(p.matcher("2024_logbook.dat").lookingAt()).isFalse();
    assertThat(p.matcher("data/scan.dat").lookingAt()).isTrue();
  }

  @Test
  void invalidExpressionsStayInvalid() {
    for (String bad : new String[] {"(", "[abc", "a**", "(?P=nope)", "\\", "(?P<a>x)(?P<a>y)"}) {
      assertThatThrownBy(() -> PythonRegex.compile(bad)).as(bad)
          .isInstanceOf(PatternSyntaxException.class);
    }
  }

  @Test
  void argTypeReportsAUsageError() {
    assertThatThrownBy(() -> ArgTypes.PYTHON_REGEX.parse("(unclosed"))
        .isInstanceOf(UsageException.class).hasMessageContaining("(unclosed");
  }
}
