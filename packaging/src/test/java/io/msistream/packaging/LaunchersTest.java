package io.msistream.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LaunchersTest {
  private static final Pattern CMD_MODULE = Pattern.compile("^set \"MSI_MODULE=([^\"]+)\"$",
      Pattern.MULTILINE);
  private static final Pattern CMD_RUN = Pattern.compile(
      "^\"%MSI_JAVA%\" %JAVA_OPTS% -cp \"%MSI_JAR%\" (\\S+) %\\*$", Pattern.MULTILINE);

  @Test
  void theToolLaunchersAreThere() {
    assertThat(Repo.launchers().keySet()).contains("DataFileUploadDirectory", "UploadDataFile",
        "DataFileDownloadDirectory", "ReproduceUndecryptableMessages", "ProvisionNode",
        "KeyKeeper", "LocalKafkaBroker");
  }

  @Test
  void everyLauncherHasACmdTwinRunningTheSameJarAndClass() {
    for (Repo.Launcher l : Repo.launchers().values()) {
      Path twin = Repo.path("bin/" + l.name() + ".cmd");
      assertThat(twin).as("Windows twin of bin/%s", l.name()).isRegularFile();
      String text = Repo.read(twin);
      Matcher module = CMD_MODULE.matcher(text);
      Matcher run = CMD_RUN.matcher(text);
      assertThat(module.find() && run.find()).as("%s sets MSI_MODULE and runs the main class", twin)
          .isTrue();
      assertThat(module.group(1) + " " + run.group(1)).as(twin.toString())
          .isEqualTo(l.module() + " " + l.main());
      assertThat(text).as("%s calls _launch.cmd and stops with 2 when it fails", twin)
          .contains("call \"%~dp0_launch.cmd\"\r\nif errorlevel 1 exit /b 2\r\n");
      assertThat(text.replace("\r\n", "")).as("%s has CRLF line ends only", twin)
          .doesNotContain("\n").doesNotContain("\r");
    }
  }

  /** Every bash script in bin/ (tools, demo, benches) can be started the same way on Windows. */
  @Test
  void everyBashScriptInBinHasACmdTwin() throws Exception {
    try (var files = Files.list(Repo.path("bin"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("_") || name.startsWith(".") || name.endsWith(".cmd")
            || !Files.isRegularFile(f) || !Repo.read(f).startsWith("#!/usr/bin/env bash")) {
          continue;
        }
        assertThat(f.resolveSibling(name + ".cmd")).as("Windows twin of bin/%s", name)
            .isRegularFile();
      }
    }
  }

  @Test
  void theSharedCmdPartLooksForTheSameJarsAsTheBashOne() {
    String cmd = Repo.read(Repo.path("bin/_launch.cmd"));
    String bash = Repo.read(Repo.path("bin/_launch"));
    assertThat(bash).contains("jar=\"$root/$module/target/$module.jar\"")
        .contains("\"$root/lib/$module.jar\"").contains("exit 2").contains("${JAVA:-java}")
        .contains("${JAVA_OPTS-$MSISTREAM_DEFAULT_JAVA_OPTS}")
        .contains("MSISTREAM_DEFAULT_JAVA_OPTS='-XX:+UseParallelGC -Xmn64m'");
    assertThat(cmd).contains("set \"MSI_JAR=%MSI_ROOT%\\%MSI_MODULE%\\target\\%MSI_MODULE%.jar\"")
        .contains("\"%MSI_ROOT%\\lib\\%MSI_MODULE%.jar\"").contains("exit /b 2")
        .contains("if defined JAVA set \"MSI_JAVA=%JAVA%\"")
        .contains("if not defined JAVA_OPTS set \"JAVA_OPTS=-XX:+UseParallelGC -Xmn64m\"");
  }

  /** packaging/test/launchers_test.sh: the launchers run for real (bash; .cmd under Wine if present). */
  @Test
  void launcherScriptTestPasses() throws Exception {
    assumeTrue(!Repo.onWindows() && Repo.hasCommand("bash"), "needs bash");
    Path script = Repo.path("packaging/test/launchers_test.sh");
    assertThat(Files.isRegularFile(script)).isTrue();
    Repo.Run r = Repo.run(List.of("bash", script.toString(), Repo.root().toString()), Map.of(), 600);
    String last = r.output().strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(last).as(r.output()).matches("launchers: [1-9]\\d* passed, 0 failed");
  }
}
