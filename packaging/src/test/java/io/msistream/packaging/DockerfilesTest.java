package io.msistream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Dockerfiles, without a Docker engine: what they copy, run and as whom. */
class DockerfilesTest {
  @Test
  void thereIsAnImageForEveryToolLauncher() {
    Set<String> mains = new HashSet<>();
    for (Dockerfile d : Dockerfile.all()) {
      mains.add(d.mainClass());
    }
    for (Repo.Launcher l : Repo.launchers().values()) {
      assertThat(mains).as("an image runs %s (bin/%s)", l.main(), l.name()).contains(l.main());
    }
  }

  @Test
  void eachImageRunsWhatItsLauncherRunsAsPidOne() {
    List<Dockerfile> all = Dockerfile.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(7);
    for (Dockerfile d : all) {
      List<String> e = d.entrypoint();
      assertThat(e).as("%s: ENTRYPOINT in exec form, so java is PID 1 and gets SIGTERM", d.file())
          .isNotNull();
      assertThat(e.get(0)).as(d.file().toString()).isEqualTo("java");
      Repo.Launcher l = Repo.launcherOfMain(d.mainClass()).orElse(null);
      assertThat(l).as("%s runs %s, which no bin/ launcher runs", d.file(), d.mainClass())
          .isNotNull();
      assertThat(d.classPath()).as(d.file().toString())
          .isEqualTo("/opt/msistream/lib/" + l.module() + ".jar");
      assertThat(d.copies()).as("%s copies the shaded jar to the class path", d.file())
          .anySatisfy(c -> assertThat(c).containsExactly(l.module() + "/target/" + l.module()
              + ".jar", "/opt/msistream/lib/" + l.module() + ".jar"));
      assertThat(d.last("STOPSIGNAL")).as(d.file().toString()).isEqualTo("SIGTERM");
      assertThat(d.last("CMD")).as("%s: arguments come from docker run", d.file()).isNull();
    }
  }

  @Test
  void eachImageIsTheJre17BaseAndRunsAsAnUnprivilegedUser() {
    for (Dockerfile d : Dockerfile.all()) {
      assertThat(d.all("FROM")).as(d.file().toString()).containsExactly("eclipse-temurin:17-jre");
      String user = d.last("USER");
      assertThat(user).as("%s sets USER", d.file()).isNotNull();
      assertThat(user.split(":")[0]).as(d.file().toString()).isNotIn("root", "0");
      assertThat(d.last("VOLUME")).as(d.file().toString()).contains("/var/lib/msistream");
      assertThat(d.last("WORKDIR")).as(d.file().toString()).isEqualTo("/var/lib/msistream");
      assertThat(d.all("ENV")).as(d.file().toString())
          .contains("OPENMSISTREAM_CONFIG_FILE_DIR=/var/lib/msistream/config_files");
    }
  }

  @Test
  void everyCopySourceOutsideTheBuildIsInTheRepositoryAndLetThroughByTheIgnoreFile() {
    for (Dockerfile d : Dockerfile.all()) {
      Path ignore = d.file().resolveSibling("Dockerfile.dockerignore");
      assertThat(ignore).as("BuildKit's per-Dockerfile ignore file").isRegularFile();
      List<String> lines = Repo.read(ignore).lines().map(String::strip)
          .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
      assertThat(lines.get(0)).as("%s ignores everything first", ignore).isEqualTo("*");
      Set<String> allowed = new HashSet<>();
      for (String s : lines.subList(1, lines.size())) {
        assertThat(s).as(ignore.toString()).startsWith("!");
        allowed.add(s.substring(1));
      }
      Set<String> sources = new HashSet<>();
      for (String[] c : d.copies()) {
        sources.add(c[0]);
        if (!c[0].contains("/target/")) {
          assertThat(Repo.path(c[0])).as("COPY source of %s", d.file()).isRegularFile();
        }
      }
      assertThat(allowed).as("%s lets through exactly what %s copies", ignore, d.file())
          .isEqualTo(sources);
    }
  }
}
