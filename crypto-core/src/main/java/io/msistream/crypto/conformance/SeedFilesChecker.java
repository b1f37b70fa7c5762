package io.msistream.crypto.conformance;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.OwnerOnly;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.record.RatchetState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code files.json} {@code seed_files}: each {@code .seed} parses and re-encodes to the same
 * bytes; the start-up ratchet step, run on a copy in a temporary folder, hands out the old state,
 * leaves Python's bytes behind, and makes the file owner-only; where a second step is recorded,
 * that and {@link SeedFile#advancePast} (for a rolled-back seed) give Python's second file. A file
 * Python refused (e.g. with a trailing byte) is refused.
 */
final class SeedFilesChecker extends VectorFileChecker {

  SeedFilesChecker() {
    super("files.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    return each(doc, "seed_files", SeedFilesChecker::check);
  }

  private static void check(JsonValue s) throws Exception {
    String name = s.get("name").str();
    byte[] before = s.get("file_hex").hex();
    if (s.has("error")) {
      NodeFileException e = Check.raises(NodeFileException.class, () -> SeedFile.parse(before, name).close(),
          "Python refused this file");
      Check.that(e.getMessage().startsWith(name), "error names the file: " + e.getMessage());
      return;
    }
    try (RatchetState st = SeedFile.parse(before, name)) {
      Check.bytes("re-encoded", before, SeedFile.encode(st));
    }
    Path tmp = Files.createTempDirectory("msistream-conformance-seed");
    Path file = tmp.resolve("node.seed");
    try {
      Files.write(file, before);
      // POSIX modes only where the file system has them (not on Windows): the rest checks anywhere
      boolean posix = OwnerOnly.available(file) == OwnerOnly.Protection.POSIX_MODE;
      if (posix) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try (RatchetState used = SeedFile.startupStep(file); RatchetState original = SeedFile.parse(before, name)) {
        Check.equal("keyidx handed out", original.keyidx(), used.keyidx());
        Check.bytes("secret handed out", original.secret(), used.secret());
      }
      Check.bytes("file after the start-up step", s.get("file_after_startup_step_hex").hex(), Files.readAllBytes(file));
      if (posix) {
        Check.equal("permissions after the step", "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      }
      try (RatchetState after = SeedFile.read(file)) {
        JsonValue exp = s.get("after_startup_step");
        Check.equal("keyidx after the step", exp.get("keyidx").asLong(), after.keyidx());
        Check.bytes("secret after the step", exp.get("secret_hex").hex(), after.secret());
      }
      if (s.has("file_after_second_step_hex")) {
        byte[] second = s.get("file_after_second_step_hex").hex();
        SeedFile.startupStep(file).close();
        Check.bytes("file after a second step", second, Files.readAllBytes(file));
        // a rolled-back seed: skipping the used state gives the second state and writes the third
        Files.write(file, before);
        try (RatchetState used = SeedFile.startupStep(file);
            RatchetState replacement = SeedFile.advancePast(file, used);
            RatchetState expected = SeedFile.parse(s.get("file_after_startup_step_hex").hex(), "after")) {
          Check.equal("keyidx after advancePast", expected.keyidx(), replacement.keyidx());
          Check.bytes("secret after advancePast", expected.secret(), replacement.secret());
        }
        Check.bytes("file after advancePast", second, Files.readAllBytes(file));
      }
    } finally {
      delete(file);
      delete(tmp);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover file in the temporary folder is harmless
    }
  }
}
