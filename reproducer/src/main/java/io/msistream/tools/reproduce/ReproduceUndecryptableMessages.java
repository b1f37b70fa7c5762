package io.msistream.tools.reproduce;

import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.ArgTypes;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CliSpec;
import io.msistream.stream.cli.ToolMain;
import io.msistream.stream.cli.UserError;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * {@code ReproduceUndecryptableMessages CONFIG DIR [--dry_run]}: re-sends the records a downloader
 * saved in {@code ENCRYPTED_MESSAGES/} to their original topics, exactly as saved (no
 * re-encryption), oldest first, so consumers whose keys have arrived since can decrypt them (spec
 * §8). Files are never deleted; running it twice sends duplicates, which downloaders tolerate.
 *
 * <p>CONFIG is a KafkaCrypto node {@code .config} (as OpenMSIStream takes it) or an OpenMSIStream
 * config file with a {@code [broker]} section. Exit status: 0 when every saved message was sent and
 * nothing was skipped; 1 when anything failed or was skipped (the summary lists it); 2 for usage
 * and config errors (missing or unreadable config, missing or empty directory).
 */
public final class ReproduceUndecryptableMessages {
  static final String PROGRAM = "ReproduceUndecryptableMessages";

  static final Arg<String> CONFIG = Arg.positional("config", ArgTypes.STRING,
      "KafkaCrypto node .config file (or an OpenMSIStream config with a [broker] section) giving "
          + "the broker settings");
  static final Arg<String> DIR = Arg.positional("encrypted_messages_dir", ArgTypes.STRING,
      "folder of saved messages, normally <output_dir>/ENCRYPTED_MESSAGES");
  static final Arg<Boolean> DRY_RUN = Arg.flag("dry_run",
      "list what would be sent, send nothing");

  static final CliSpec SPEC = CliSpec.builder(PROGRAM)
      .description("Re-produce undecryptable messages saved by DataFileDownloadDirectory to their "
          + "original topics, unchanged.")
      .add(CONFIG, DIR, DRY_RUN)
      .withLogging(args -> null)
      .versionOf(ReproduceUndecryptableMessages.class)
      .build();

  private ReproduceUndecryptableMessages() {}

  public static void main(String[] argv) {
    ToolMain.mainWithStatus(SPEC, args -> run(args, System.out), argv);
  }

  /** Runs in-process; returns the exit status (0 or 1; usage errors are thrown). */
  static int run(CliArgs args, PrintStream out) throws Exception {
    Path config = Paths.get(args.get(CONFIG));
    Path dir = Paths.get(args.get(DIR));
    if (!Files.isDirectory(dir)) {
      throw new BadInput("directory " + dir + " does not exist or is not a directory");
    }
    SavedMessages saved = SavedMessages.scan(dir);
    if (saved.pairs().isEmpty() && saved.skipped().isEmpty()) {
      throw new BadInput(dir + " holds no saved messages (files named encrypted_message_from_"
          + "<topic>_..._key.bin and ..._value.bin)");
    }
    Map<String, Object> producer = ProducerSettings.load(config);
    Reproducer.Summary summary = new Reproducer(producer, out).reproduce(saved, args.get(DRY_RUN));
    return summary.clean() ? ToolMain.OK : ToolMain.FAILURE;
  }

  /** A usage problem with the directory argument: exit 2 with one line. */
  static final class BadInput extends Exception implements UserError {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }
}
