package io.msistream.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command-line programs the scenarios run, each from its module's shaded jar
 * ({@code <repo>/<module>/<target>/<module>.jar}, made by the module's {@code package} phase).
 */
enum Tool {
  DATA_FILE_UPLOAD_DIRECTORY("uploader", "io.msistream.tools.upload.DataFileUploadDirectory"),
  UPLOAD_DATA_FILE("uploader", "io.msistream.tools.upload.UploadDataFile"),
  DATA_FILE_DOWNLOAD_DIRECTORY("downloader",
      "io.msistream.tools.download.DataFileDownloadDirectory"),
  REPRODUCE_UNDECRYPTABLE_MESSAGES("reproducer",
      "io.msistream.tools.reproduce.ReproduceUndecryptableMessages"),
  PROVISION_NODE("provision-tool", "io.msistream.tools.provision.ProvisionNode"),
  KEY_KEEPER("key-keeper", "io.msistream.tools.keeper.KeyKeeper");

  private final String module;
  private final String mainClass;

  Tool(String module, String mainClass) {
    this.module = module;
    this.mainClass = mainClass;
  }

  String mainClass() {
    return mainClass;
  }

  /** The shaded jar; fails with the build command when it has not been built. */
  Path jar() {
    Path jar = repoDir().resolve(module).resolve(System.getProperty("msistream.target.name",
        "target")).resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " not found: package the tool modules first (run this"
          + " module with 'mvn verify' from the project root, or 'mvn -pl " + module
          + " package -DskipTests')");
    }
    return jar;
  }

  /** The project root: {@code -Dmsistream.repo.dir}, else the parent of the working directory. */
  static Path repoDir() {
    String dir = System.getProperty("msistream.repo.dir");
    return (dir != null && !dir.isBlank() ? Path.of(dir) : Path.of("").toAbsolutePath().getParent())
        .toAbsolutePath().normalize();
  }
}
