package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who writes a jar's class-data archive and who uses it: one writer per jar, nobody waits for it,
 * a killed writer hands the job to the next JVM, and a rebuilt jar gets a new archive.
 */
class ClassDataArchivesTest {
  @TempDir Path tmp;

  private Path jar(String name, byte[] content) throws Exception {
    return Files.write(tmp.resolve(name), content);
  }

  private static String option(ClassDataArchives.Use use, String prefix) {
    return use.options().stream().filter(o -> o.startsWith(prefix)).findFirst()
        .map(o -> o.substring(prefix.length())).orElse(null);
  }

  @Test
  void theFirstJvmWritesTheOthersRunWithoutUntilItIsThereThenUseIt() throws Exception {
    Path jar = jar("uploader.jar", new byte[] {1, 2, 3});
    Path dir = tmp.resolve("cds");
    ClassDataArchives.Use writer = ClassDataArchives.forJar(jar, dir);
    String tmpArchive = option(writer, "-XX:ArchiveClassesAtExit=");
    assertThat(tmpArchive).isNotNull();
    assertThat(writer.options()).contains("-Xlog:cds*=off");
    // while it runs, another JVM of the same jar neither writes nor waits
    assertThat(ClassDataArchives.forJar(jar, dir).options()).isEmpty();
    Files.write(Path.of(tmpArchive), new byte[] {9}); // what the JVM writes at exit
    writer.afterExit().run();
    ClassDataArchives.Use user = ClassDataArchives.forJar(jar, dir);
    String archive = option(user, "-XX:SharedArchiveFile=");
    assertThat(archive).isNotNull().endsWith(".jsa").startsWith(dir.toString());
    assertThat(Path.of(archive)).isRegularFile();
    assertThat(Path.of(tmpArchive)).doesNotExist();
    assertThat(user.options()).contains("-Xlog:cds*=off");
  }

  @Test
  void aWriterKilledBeforeItsArchiveLetsTheNextJvmWriteIt() throws Exception {
    Path jar = jar("downloader.jar", new byte[] {4});
    Path dir = tmp.resolve("cds");
    ClassDataArchives.Use killed = ClassDataArchives.forJar(jar, dir);
    killed.afterExit().run(); // SIGKILL: no archive written
    ClassDataArchives.Use next = ClassDataArchives.forJar(jar, dir);
    assertThat(option(next, "-XX:ArchiveClassesAtExit=")).isNotNull();
  }

  @Test
  void aRebuiltJarGetsItsOwnArchive() throws Exception {
    Path jar = jar("reproducer.jar", new byte[] {5});
    Path dir = tmp.resolve("cds");
    ClassDataArchives.Use first = ClassDataArchives.forJar(jar, dir);
    Files.write(Path.of(option(first, "-XX:ArchiveClassesAtExit=")), new byte[] {9});
    first.afterExit().run();
    Files.write(jar, new byte[] {5, 6});
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(10)));
    assertThat(option(ClassDataArchives.forJar(jar, dir), "-XX:ArchiveClassesAtExit="))
        .as("a new archive is written for the rebuilt jar").isNotNull();
  }

  @Test
  void withoutTheFolderPropertyTheJvmsRunAsBefore() throws Exception {
    Path jar = jar("key-keeper.jar", new byte[] {7});
    assertThat(System.getProperty("msistream.it.cds")).as("set for the scenarios only").isNull();
    ClassDataArchives.Use none = ClassDataArchives.forJar(jar);
    assertThat(none.options()).isEmpty();
    none.afterExit().run();
    try (var files = Files.list(tmp)) {
      assertThat(files.toList()).containsExactly(jar);
    }
  }
}
