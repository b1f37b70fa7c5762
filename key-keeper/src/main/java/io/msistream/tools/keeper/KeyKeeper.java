package io.msistream.tools.keeper;

import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.ArgTypes;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CliSpec;
import io.msistream.stream.cli.CommonArgs;
import io.msistream.stream.cli.ControlledProcess;
import io.msistream.stream.cli.ToolMain;
import io.msistream.stream.cli.UsageException;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.ToolDefaults;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code KeyKeeper --config CONFIG --topic_name T [--topic_name T2 ...]}: runs a {@link Keeper}
 * until {@code q}, Ctrl-C or SIGTERM, logging a status line every {@code --update_seconds} and on
 * {@code c}. CONFIG is an OpenMSIStream config with {@code [broker]} and {@code [kafkacrypto]}
 * (resolved like every tool's {@code --config}); the node must be provisioned as
 * consumer+producer for the roots it keeps. Exit status 2, with one line, for usage and config
 * errors, a node that cannot serve keys and a damaged key file.
 */
public final class KeyKeeper {
  static final String PROGRAM = "KeyKeeper";
  private static final Logger LOG = LoggerFactory.getLogger(KeyKeeper.class);

  static final Arg<List<String>> TOPIC_NAME = Arg.repeatable("topic_name", ArgTypes.STRING,
      "A data topic whose keys are kept (required; repeat for more topics). The keeper serves the"
          + " keys of its root (the name up to the first '.')");
  static final Arg<Double> RETENTION_DAYS = Arg.option("key_retention_days",
      ArgTypes.FLOAT.check(d -> d > 0, "must be > 0"), 30.0,
      "Days a received key is kept (and served) after the keeper got it");
  static final Arg<String> GROUP_ID = Arg.option("consumer_group_id", ArgTypes.STRING, null,
      "Consumer group of the data-topic reader (default: <node_id>.key-keeper; reads from the"
          + " earliest offset the first time, from the committed offsets after)");
  static final Arg<Integer> UPDATE_SECONDS = CommonArgs.UPDATE_SECONDS.withHelp(
      "Seconds between status lines (roots, keys held, requests answered); -1 disables");

  static final CliSpec SPEC = CliSpec.builder(PROGRAM)
      .description("Keep the keys of encrypted topics and hand them to consumers while the"
          + " producing nodes are offline. The node must be provisioned as consumer+producer"
          + " (ProvisionNode role 4) for the roots it keeps. Type q to stop, c for a status line.")
      .add(CommonArgs.CONFIG, TOPIC_NAME, RETENTION_DAYS, GROUP_ID, UPDATE_SECONDS)
      .withLogging(args -> null)
      .defaults(ToolDefaults.forProgram(PROGRAM))
      .versionOf(KeyKeeper.class)
      .build();

  private KeyKeeper() {}

  public static void main(String[] argv) {
    ToolMain.main(SPEC, args -> run(args, System.in, ConfigDirs.fromEnvironment(), true), argv);
  }

  /**
   * Runs in-process until a stop is requested (on {@code in}: {@code q}; or a signal when
   * {@code signals}).
   */
  static void run(CliArgs args, InputStream in, ConfigDirs dirs, boolean signals)
      throws Exception {
    List<String> topics = args.get(TOPIC_NAME);
    if (topics.isEmpty()) {
      throw new UsageException("the following arguments are required: --topic_name");
    }
    Path config = dirs.resolveConfig(args.get(CommonArgs.CONFIG));
    double days = args.get(RETENTION_DAYS);
    KeeperOptions options = KeeperOptions.of(config, topics).withDirs(dirs)
        .withRetention(Duration.ofMillis(Math.round(days * 86_400_000d)));
    if (args.get(GROUP_ID) != null) {
      options = options.withGroupId(args.get(GROUP_ID));
    }
    Keeper keeper = Keeper.start(options);
    try {
      Runnable status = () -> LOG.info("{}", keeper.status().line());
      ControlledProcess.builder(PROGRAM).input(in).handleSignals(signals)
          .onCheck(status).updates(args.get(UPDATE_SECONDS), status).build()
          .run(stop -> {
            try {
              stop.await();
              LOG.info("Stopping ({}); {}", stop.reason(), keeper.status().line());
            } finally {
              keeper.close(); // inside the loop: a signal waits for it before the JVM exits
            }
          });
    } finally {
      keeper.close();
    }
  }
}
