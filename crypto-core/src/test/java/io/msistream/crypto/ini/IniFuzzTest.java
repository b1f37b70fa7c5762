package io.msistream.crypto.ini;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated INI text: parsing, lookups and rewriting raise only {@link IniException}. */
class IniFuzzTest {
  private static final String[] ATOMS = {
    "[DEFAULT]", "[s]", "[t]", "[]", "[a]b]", "k = v", "k: v", "K : V", " indented = 1", "\tcont",
    "# c", "; c", "#x : y", "name", "= v", ": v", "a = %(k)s", "b = 100%%", "c = 50%", "d = %(nope)s",
    "f = %(f)s", "", "   ", "x = ", "\u00a0 = nbsp", "p = %(", "q = %()s", "dup = 1", "a:b:c"};

  @Test
  void randomLinesRaiseOnlyTypedErrors() {
    Random r = new Random(42);
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(14);
      for (int k = 0; k < n; k++) {
        b.append(ATOMS[r.nextInt(ATOMS.length)]).append(r.nextInt(5) == 0 ? "\r\n" : "\n");
      }
      exercise(b.toString());
    }
  }

  @Test
  void randomCharactersRaiseOnlyTypedErrors() {
    Random r = new Random(7);
    char[] alphabet = "[]=:;#%()s \t\r\nab\u00a0\u2028".toCharArray();
    for (int i = 0; i < 20000; i++) {
      char[] c = new char[r.nextInt(60)];
      for (int k = 0; k < c.length; k++) {
        c[k] = alphabet[r.nextInt(alphabet.length)];
      }
      exercise(new String(c));
    }
  }

  private static void exercise(String text) {
    for (IniDialect d : List.of(IniDialect.python(), IniDialect.kafkaCryptoNode(),
        IniDialect.builder().inlineCommentPrefixes("#", ";").strict(false).build())) {
      Ini ini;
      try {
        ini = Ini.parse(text, d, "fuzz");
      } catch (IniException e) {
        assertThat(e.getMessage()).startsWith("fuzz");
        continue;
      }
      for (String s : ini.sections()) {
        try {
          ini.items(s);
        } catch (IniException e) {
          assertThat(e.section()).isEqualTo(s);
        }
      }
      if (!d.inlineCommentPrefixes().isEmpty()) {
        continue; // values holding " #" do not survive a rewrite with inline comments (as in Python)
      }
      try {
        assertThat(Ini.parse(ini.write(), d, "again").write()).isEqualTo(ini.write());
      } catch (IniException e) {
        // only names that cannot be written back (e.g. a name holding a delimiter) may fail
        assertThat(e.kind()).isIn(IniException.Kind.SYNTAX, IniException.Kind.DUPLICATE_OPTION,
            IniException.Kind.DUPLICATE_SECTION, IniException.Kind.MISSING_SECTION_HEADER);
      }
    }
  }
}
