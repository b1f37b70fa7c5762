package io.msistream.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path tmp;
  private String savedRepo;

  @BeforeEach
  void noProjectFolder() {
    // the demo must decide about --work before it looks for the project (and the tools) at all
    savedRepo = System.getProperty("msistream.repo");
    System.setProperty("msistream.repo", tmp.resolve("no-project").toString());
  }

  @AfterEach
  void restore() {
    if (savedRepo == null) {
      System.clearProperty("msistream.repo");
    } else {
      System.setProperty("msistream.repo", savedRepo);
    }
  }

  @Test
  void aNonEmptyWorkFolderTheDemoDidNotMakeIsRefusedAndKept() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("my data"));
    Path precious = Files.writeString(work.resolve("thesis.tex"), "years of work");
    int rc = Demo.run(new String[] {"--work", work.toString()},
        new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isEqualTo(2);
    assertThat(precious).hasContent("years of work");
  }

  @Test
  void anEmptyFolderOrAnEarlierDemosFolderIsAccepted() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path earlier = Files.createDirectories(tmp.resolve("earlier"));
    Files.writeString(earlier.resolve(Demo.WORK_MARKER), "");
    Files.writeString(earlier.resolve("old.log"), "x");
    for (Path work : new Path[] {empty, earlier, tmp.resolve("new")}) {
      // past the check, the demo looks for the project, which this test hides
      assertThatThrownBy(() -> Demo.run(new String[] {"--work", work.toString()},
          new PrintStream(new ByteArrayOutputStream())))
          .as(work.toString()).hasMessageContaining("is not the project folder");
    }
  }
}
