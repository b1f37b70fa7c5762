package io.msistream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every option that the compose example, the systemd units and the WinSW definitions give a tool is
 * one that tool knows: each tool's {@code --help} (from its packaged jar) lists it.
 */
class ServiceArgsIT {
  private final Map<String, String> helps = new HashMap<>();

  @Test
  void everyOptionGivenToAToolIsOneItKnows() throws Exception {
    List<ServiceFiles.Invocation> all = new ArrayList<>();
    for (Path f : Repo.files("packaging/systemd", ".service")) {
      all.add(ServiceFiles.unitInvocation(f));
    }
    Pattern cp = Pattern.compile("-cp \"[^\"]*\" (\\S+) (.*)$");
    for (Path f : Repo.files("packaging/windows", ".xml")) {
      Matcher m = cp.matcher(ServiceFiles.child(ServiceFiles.xml(f), "arguments"));
      assertThat(m.find()).as(f.toString()).isTrue();
      all.add(new ServiceFiles.Invocation(f.toString(), m.group(1), ServiceFiles.words(m.group(2))));
    }
    Path compose = Repo.path("packaging/compose/compose.yaml");
    for (var e : ServiceFiles.composeServices(compose).entrySet()) {
      String image = (String) e.getValue().get("image");
      if (e.getValue().get("command") instanceof List<?> cmd && image != null
          && e.getValue().get("entrypoint") == null) {
        String name = image.replaceFirst("^msistream/", "").replaceFirst(":.*$", "");
        Dockerfile d = Dockerfile.parse(Repo.path("packaging/docker/" + name + "/Dockerfile"));
        all.add(new ServiceFiles.Invocation(compose + " " + e.getKey(), d.mainClass(),
            cmd.stream().map(Object::toString).toList()));
      }
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(10);
    for (ServiceFiles.Invocation inv : all) {
      assertThat(inv.main()).as(inv.where()).isNotNull();
      String help = help(inv.main());
      for (String option : inv.options()) {
        assertThat(help).as("%s gives %s, which %s --help does not list", inv.where(), option,
            inv.main()).containsPattern(Pattern.quote(option) + "(?![A-Za-z0-9_-])");
      }
    }
  }

  private String help(String main) {
    return helps.computeIfAbsent(main, m -> {
      Repo.Launcher l = Repo.launcherOfMain(m).orElseThrow();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Repo.Run r = Repo.run(List.of(java, "-cp", Repo.jar(l.module()).toString(), m, "--help"),
          Map.of(), 120);
      assertThat(r.status()).as("%s --help: %s", m, r.output()).isZero();
      return r.output();
    });
  }
}
