package io.msistream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles against the packaged tools (failsafe: runs after the tools' package phase): every
 * COPY source exists and every ENTRYPOINT main class is in the jar the image puts on its class path.
 */
class ImagesIT {
  @Test
  void copySourcesExistAfterPackaging() {
    for (Dockerfile d : Dockerfile.all()) {
      for (String[] c : d.copies()) {
        Path source = Repo.path(c[0].replace("/target/", "/" + Repo.target() + "/"));
        assertThat(source).as("COPY %s of %s (build it with mvn package)", c[0], d.file())
            .isRegularFile();
      }
    }
  }

  @Test
  void entrypointMainClassesAreInTheirJars() throws Exception {
    for (Dockerfile d : Dockerfile.all()) {
      String module = Path.of(d.classPath()).getFileName().toString().replace(".jar", "");
      Path jar = Repo.jar(module);
      assertThat(jar).as("jar of %s", d.file()).isRegularFile();
      try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
        Class<?> c = Class.forName(d.mainClass(), false, loader);
        Method main = c.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
            .as("%s has public static void main(String[])", d.mainClass()).isTrue();
        assertThat(main.getReturnType()).isEqualTo(void.class);
      }
    }
  }
}
