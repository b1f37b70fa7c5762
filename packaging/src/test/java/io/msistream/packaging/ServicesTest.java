package io.msistream.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The example systemd units, WinSW definitions and compose file, read without running them. */
class ServicesTest {
  private static final int GRACE = Repo.shutdownGraceSeconds();

  @Test
  void everyLongRunningToolHasASystemdUnitWithAGracefulStop() {
    Set<String> covered = new HashSet<>();
    List<Path> units = Repo.files("packaging/systemd", ".service");
    for (Path f : units) {
      Map<String, String> u = ServiceFiles.unit(f);
      ServiceFiles.Invocation inv = ServiceFiles.unitInvocation(f);
      String launcher = Path.of(ServiceFiles.words(u.get("Service.ExecStart")).get(0))
          .getFileName().toString();
      assertThat(inv.main()).as("%s: ExecStart names a bin/ launcher", f).isNotNull();
      covered.add(launcher);
      assertThat(u).as(f.toString())
          .containsEntry("Service.Type", "simple")
          .containsEntry("Service.Restart", "on-failure")
          .containsEntry("Service.KillSignal", "SIGTERM")
          .containsEntry("Service.SuccessExitStatus", "143")
          .containsEntry("Service.RestartPreventExitStatus", "2")
          .containsEntry("Service.StandardInput", "null")
          .containsKeys("Service.WorkingDirectory", "Service.EnvironmentFile", "Install.WantedBy");
      assertThat(u.get("Service.User")).as(f.toString()).isNotBlank().isNotIn("root", "0");
      long stop = ServiceFiles.systemdSeconds(u.get("Service.TimeoutStopSec"));
      if (!launcher.equals("LocalKafkaBroker")) {
        assertThat(stop).as("%s: TimeoutStopSec above the tools' %d s shutdown grace", f, GRACE)
            .isGreaterThan(GRACE);
      }
    }
    assertThat(covered).containsAll(Repo.LONG_RUNNING);
  }

  @Test
  void systemdAcceptsTheUnits() {
    assumeTrue(!Repo.onWindows() && Repo.hasCommand("systemd-analyze"), "needs systemd-analyze");
    for (Path f : Repo.files("packaging/systemd", ".service")) {
      Repo.Run r = Repo.run(List.of("systemd-analyze", "verify", "--man=no", f.toString()),
          Map.of(), 120);
      // The launcher is not installed under /opt/msistream here: that is the only complaint allowed.
      List<String> problems = r.output().lines()
          .filter(l -> !l.contains("is not executable: No such file or directory"))
          .filter(l -> !l.isBlank()).toList();
      assertThat(problems).as("systemd-analyze verify %s", f).isEmpty();
    }
  }

  @Test
  void everyLongRunningToolHasAWindowsServiceStoppedByCtrlC() throws Exception {
    Set<String> covered = new HashSet<>();
    Pattern cp = Pattern.compile("-cp \"[^\"]*\\\\lib\\\\([a-z-]+)\\.jar\" (\\S+)");
    for (Path f : Repo.files("packaging/windows", ".xml")) {
      Document d = ServiceFiles.xml(f);
      String id = ServiceFiles.child(d, "id");
      assertThat(f.getFileName().toString()).as("WinSW reads <id>.xml beside <id>.exe")
          .isEqualTo(id + ".xml");
      assertThat(ServiceFiles.child(d, "executable")).as("%s: java.exe itself, no cmd.exe", f)
          .endsWith("\\bin\\java.exe");
      Matcher m = cp.matcher(ServiceFiles.child(d, "arguments"));
      assertThat(m.find()).as("%s: -cp \"...\\lib\\<module>.jar\" <main class>", f).isTrue();
      Repo.Launcher l = Repo.launcherOfMain(m.group(2)).orElse(null);
      assertThat(l).as("%s runs %s, which no bin/ launcher runs", f, m.group(2)).isNotNull();
      assertThat(m.group(1)).as("%s: the jar of %s", f, l.main()).isEqualTo(l.module());
      covered.add(l.name());
      long stop = ServiceFiles.winswSeconds(ServiceFiles.child(d, "stoptimeout"));
      if (!l.name().equals("LocalKafkaBroker")) {
        assertThat(stop).as("%s: stoptimeout above the tools' %d s shutdown grace", f, GRACE)
            .isGreaterThan(GRACE);
      }
      Element onfailure = ServiceFiles.element(d, "onfailure");
      assertThat(onfailure).as(f.toString()).isNotNull();
      assertThat(onfailure.getAttribute("action")).as(f.toString()).isEqualTo("restart");
    }
    assertThat(covered).containsAll(Repo.LONG_RUNNING);
  }

  @Test
  void composeExampleUsesTheImagesHereAndStopsGracefully() {
    Map<String, Map<String, Object>> services =
        ServiceFiles.composeServices(Repo.path("packaging/compose/compose.yaml"));
    assertThat(services).containsKeys("broker", "node-setup", "uploader", "downloader");
    Set<String> images = new HashSet<>();
    Dockerfile.all().forEach(d -> images.add(d.image()));
    String toolGrace = null;
    for (var e : services.entrySet()) {
      Map<String, Object> s = e.getValue();
      String image = (String) s.get("image");
      if (image != null) {
        String name = image.replaceFirst("^msistream/", "").replaceFirst(":.*$", "");
        assertThat(images).as("service %s: image %s is built from packaging/docker/", e.getKey(),
            image).contains(name);
      }
    }
    for (String tool : List.of("uploader", "downloader")) {
      Map<String, Object> s = services.get(tool);
      assertThat(s.get("<<")).as("%s uses the shared tool settings", tool).isEqualTo("*tool");
      assertThat(s.get("command")).as(tool).isInstanceOf(List.class);
    }
    String compose = Repo.read(Repo.path("packaging/compose/compose.yaml"));
    Matcher grace = Pattern.compile("shutdown-grace-seconds=(\\d+)").matcher(compose);
    Matcher period = Pattern.compile("(?m)^  stop_grace_period: (\\d+)s$").matcher(compose);
    assertThat(grace.find() && period.find()).as("x-tool sets both").isTrue();
    toolGrace = grace.group(1);
    assertThat(Long.parseLong(period.group(1))).as("stop_grace_period above the tools' grace")
        .isGreaterThan(Long.parseLong(toolGrace));
    assertThat(compose).contains("stop_signal: SIGTERM")
        .contains("condition: service_completed_successfully");
  }

  @Test
  void composeNodeSetupInstallsEveryNodeItsSecretsProvide() {
    Map<String, Map<String, Object>> services =
        ServiceFiles.composeServices(Repo.path("packaging/compose/compose.yaml"));
    String compose = Repo.read(Repo.path("packaging/compose/compose.yaml"));
    Set<String> installed = new HashSet<>();
    Matcher m = Pattern.compile("install-node (\\S+) /run/secrets").matcher(compose);
    while (m.find()) {
      installed.add(m.group(1));
    }
    Set<String> provided = new HashSet<>();
    Matcher t = Pattern.compile("target: ([A-Za-z0-9_.-]+)\\.(config|crypto|seed)\\}").matcher(compose);
    while (t.find()) {
      provided.add(t.group(1));
    }
    assertThat(installed).isNotEmpty().isEqualTo(provided);
    for (String tool : List.of("uploader", "downloader")) {
      @SuppressWarnings("unchecked")
      Map<String, String> env = (Map<String, String>) services.get(tool).get("environment");
      assertThat(installed).as("%s's node is installed", tool).contains(env.get("MSISTREAM_NODE_ID"));
    }
    assertThat(Repo.path("packaging/docker/common/install-node")).isRegularFile();
  }

  @Test
  void composeCliAcceptsTheFile() {
    String cli = Repo.hasCommand("docker-compose") ? "docker-compose" : null;
    assumeTrue(cli != null && !Repo.onWindows(), "needs docker-compose (parses without an engine)");
    Repo.Run r = Repo.run(List.of(cli, "-f", Repo.path("packaging/compose/compose.yaml").toString(),
        "config", "-q"), Map.of(), 120);
    assertThat(r.status()).as(r.output()).isZero();
  }
}
