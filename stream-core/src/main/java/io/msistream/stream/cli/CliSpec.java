package io.msistream.stream.cli;

import io.msistream.stream.config.ToolDefaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.cli.AmbiguousOptionException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * A tool's command line, declared once: program name, description, {@link Arg}s (with types,
 * defaults, validators and help), mutually exclusive groups, and whether the standard logger
 * options are present. Parsing follows argparse conventions: {@code --name value} or
 * {@code --name=value}, unambiguous prefixes of long names, the last repeat wins (except for
 * {@link Arg#repeatable} options, whose repeats add up), {@code --} ends
 * options, {@code -h}/{@code --help} and {@code --version} short-circuit everything else.
 *
 * <p>Built with {@link #builder(String)}; immutable; backed by commons-cli.
 */
public final class CliSpec {
  private final String program;
  private final String description;
  private final List<Arg<?>> args;
  private final List<List<Arg<?>>> exclusive;
  private final Function<CliArgs, Path> defaultLogDir;
  private final Class<?> versionSource;
  private final Map<String, Object> defaults;

  private CliSpec(Builder b, Map<String, Object> defaults) {
    this.program = b.program;
    this.description = b.description;
    this.args = List.copyOf(b.args);
    this.exclusive = List.copyOf(b.exclusive);
    this.defaultLogDir = b.defaultLogDir;
    this.versionSource = b.versionSource;
    this.defaults = defaults;
  }

  public static Builder builder(String program) {
    return new Builder(program);
  }

  public String program() {
    return program;
  }

  public String description() {
    return description;
  }

  public List<Arg<?>> args() {
    return args;
  }

  /** The effective default of {@code arg} (after {@link ToolDefaults} overrides). */
  public Object defaultOf(Arg<?> arg) {
    return defaults.get(arg.name());
  }

  /** True if the standard logger options are declared and {@link ToolMain} sets up logging. */
  public boolean hasLogging() {
    return defaultLogDir != null;
  }

  /** The directory the log file goes to when {@code --logger_file_path} is not given. */
  public Optional<Path> defaultLogDir(CliArgs parsed) {
    return defaultLogDir == null ? Optional.empty() : Optional.ofNullable(defaultLogDir.apply(parsed));
  }

  /** The class whose jar manifest or stream-core's build info gives {@code --version}. */
  public Class<?> versionSource() {
    return versionSource;
  }

  /**
   * Parses a command line.
   *
   * @throws UsageException with an argparse-like message (without the program prefix)
   */
  public CliArgs parse(String... argv) throws UsageException {
    for (String a : argv) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("-h") || a.equals("--help")) {
        return new CliArgs(program, new HashMap<>(), Set.of(), true, false);
      }
      if (a.equals("--version")) {
        return new CliArgs(program, new HashMap<>(), Set.of(), false, true);
      }
    }
    Options options = new Options();
    Map<String, Arg<?>> byName = new HashMap<>();
    for (Arg<?> a : args) {
      byName.put(a.name(), a);
      if (a.kind() == Arg.Kind.OPTION) {
        options.addOption(Option.builder().longOpt(a.name()).hasArg().argName(a.metavar()).get());
      } else if (a.kind() == Arg.Kind.FLAG) {
        options.addOption(Option.builder().longOpt(a.name()).get());
      }
    }
    CommandLine cl;
    try {
      cl = DefaultParser.builder().setAllowPartialMatching(true).get().parse(options, argv);
    } catch (ParseException e) {
      throw new UsageException(describe(e, byName), e);
    }
    Map<String, Object> values = new LinkedHashMap<>(defaults);
    Set<String> given = new HashSet<>();
    for (Option o : cl.getOptions()) {
      Arg<?> a = byName.get(o.getLongOpt());
      boolean again = !given.add(a.name());
      if (a.kind() == Arg.Kind.FLAG) {
        if (o.getValue() != null) {
          throw new UsageException("argument " + a.display() + ": ignored explicit argument '"
              + o.getValue() + "'");
        }
        values.put(a.name(), Boolean.TRUE);
      } else if (a.isRepeatable() && again) {
        List<Object> all = new ArrayList<>((List<?>) values.get(a.name()));
        all.addAll((List<?>) convert(a, o.getValue()));
        values.put(a.name(), List.copyOf(all));
      } else {
        values.put(a.name(), convert(a, o.getValue()));
      }
    }
    List<String> rest = cl.getArgList();
    List<String> missing = new ArrayList<>();
    int k = 0;
    for (Arg<?> a : args) {
      if (a.kind() != Arg.Kind.POSITIONAL) {
        continue;
      }
      if (k < rest.size()) {
        values.put(a.name(), convert(a, rest.get(k++)));
        given.add(a.name());
      } else {
        missing.add(a.name());
      }
    }
    if (k < rest.size()) {
      throw new UsageException("unrecognized arguments: " + String.join(" ", rest.subList(k, rest.size())));
    }
    if (!missing.isEmpty()) {
      throw new UsageException("the following arguments are required: " + String.join(", ", missing));
    }
    for (List<Arg<?>> group : exclusive) {
      Arg<?> first = null;
      for (Arg<?> a : group) {
        if (given.contains(a.name())) {
          if (first != null) {
            throw new UsageException("argument " + a.display() + ": not allowed with argument "
                + first.display());
          }
          first = a;
        }
      }
    }
    return new CliArgs(program, values, given, false, false);
  }

  private static Object convert(Arg<?> a, String text) throws UsageException {
    try {
      return a.type().parse(text);
    } catch (UsageException e) {
      throw new UsageException("argument " + a.display() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(ParseException e, Map<String, Arg<?>> byName) {
    if (e instanceof AmbiguousOptionException a) { // a subclass of UnrecognizedOptionException
      return "ambiguous option: " + a.getOption() + " could match --"
          + String.join(", --", a.getMatchingOptions());
    }
    if (e instanceof UnrecognizedOptionException u) {
      String token = u.getOption();
      int eq = token.indexOf('=');
      if (token.startsWith("--") && eq > 2) {
        Arg<?> a = byName.get(token.substring(2, eq));
        if (a != null && a.kind() == Arg.Kind.FLAG) {
          return "argument " + a.display() + ": ignored explicit argument '"
              + token.substring(eq + 1) + "'";
        }
      }
      return "unrecognized arguments: " + token;
    }
    if (e instanceof MissingArgumentException m) {
      return "argument --" + m.getOption().getLongOpt() + ": expected one argument";
    }
    return e.getMessage();
  }

  /** Collects a spec's parts. */
  public static final class Builder {
    private final String program;
    private String description = "";
    private final List<Arg<?>> args = new ArrayList<>();
    private final List<List<Arg<?>>> exclusive = new ArrayList<>();
    private Function<CliArgs, Path> defaultLogDir;
    private Class<?> versionSource = CliSpec.class;
    private ToolDefaults toolDefaults;

    private Builder(String program) {
      this.program = Objects.requireNonNull(program);
    }

    public Builder description(String d) {
      this.description = Objects.requireNonNull(d);
      return this;
    }

    /** Declares arguments (positionals are filled in declaration order). */
    public Builder add(Arg<?>... more) {
      for (Arg<?> a : more) {
        if (a.name().equals("help") || a.name().equals("version") || args.contains(a)) {
          throw new IllegalArgumentException("argument declared twice: " + a.display());
        }
        args.add(a);
      }
      return this;
    }

    /** At most one of {@code group} may be given. */
    public Builder mutuallyExclusive(Arg<?>... group) {
      exclusive.add(List.of(group));
      return this;
    }

    /**
     * Adds the standard {@code --logger_*} options; {@link ToolMain} then configures logging with
     * the log file in {@code defaultLogDir.apply(args)} unless {@code --logger_file_path} is given
     * (a null directory means console only).
     */
    public Builder withLogging(Function<CliArgs, Path> defaultLogDir) {
      this.defaultLogDir = Objects.requireNonNull(defaultLogDir);
      return add(CommonArgs.LOGGER_STREAM_LEVEL, CommonArgs.LOGGER_FILE_LEVEL,
          CommonArgs.LOGGER_FILE_PATH);
    }

    /** {@code --version} reports the version of the jar holding {@code c}. */
    public Builder versionOf(Class<?> c) {
      this.versionSource = Objects.requireNonNull(c);
      return this;
    }

    /**
     * Overrides declared defaults with {@code <prefix>.<name>} values from typesafe config
     * (reference.conf, overridable by system properties); each value goes through the argument's
     * type, so a bad configured default fails at build time.
     */
    public Builder defaults(ToolDefaults d) {
      this.toolDefaults = d;
      return this;
    }

    public CliSpec build() {
      Map<String, Object> defaults = new LinkedHashMap<>();
      for (Arg<?> a : args) {
        Object v = a.defaultValue();
        if (toolDefaults != null && a.kind() != Arg.Kind.POSITIONAL) {
          Optional<String> configured = toolDefaults.find(a.name());
          if (configured.isPresent()) {
            try {
              v = a.kind() == Arg.Kind.FLAG ? Boolean.valueOf(configured.get())
                  : a.type().parse(configured.get());
            } catch (UsageException e) {
              throw new IllegalStateException("configured default " + toolDefaults.keyOf(a.name())
                  + ": " + e.getMessage(), e);
            }
          }
        }
        defaults.put(a.name(), v);
      }
      return new CliSpec(this, defaults);
    }
  }
}
