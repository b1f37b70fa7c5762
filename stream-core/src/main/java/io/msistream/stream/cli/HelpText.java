package io.msistream.stream.cli;

import java.util.ArrayList;
import java.util.List;

/** Renders argparse-style usage and help for a {@link CliSpec}. */
public final class HelpText {
  private static final int WIDTH = 100;
  private static final int COLUMN = 32;
  private static final char NBSP = '\u00a0';

  private HelpText() {}

  /** {@code usage: Prog [-h] [--version] [--opt OPT] ... positional}. */
  public static String usage(CliSpec spec) {
    StringBuilder sb = new StringBuilder("usage: ").append(spec.program())
        .append(" [-h] [--version]");
    for (Arg<?> a : spec.args()) {
      if (a.kind() == Arg.Kind.OPTION) {
        sb.append(" [").append(a.display()).append(NBSP).append(a.metavar()).append(']');
      } else if (a.kind() == Arg.Kind.FLAG) {
        sb.append(" [").append(a.display()).append(']');
      }
    }
    for (Arg<?> a : spec.args()) {
      if (a.kind() == Arg.Kind.POSITIONAL) {
        sb.append(' ').append(a.name());
      }
    }
    return wrap(sb.toString(), 7).replace(NBSP, ' ');
  }

  /** The full {@code --help} text. */
  public static String render(CliSpec spec) {
    StringBuilder sb = new StringBuilder(usage(spec)).append("\n");
    if (!spec.description().isEmpty()) {
      sb.append('\n').append(wrap(spec.description(), 0)).append('\n');
    }
    boolean header = false;
    for (Arg<?> a : spec.args()) {
      if (a.kind() == Arg.Kind.POSITIONAL) {
        if (!header) {
          sb.append("\npositional arguments:\n");
          header = true;
        }
        entry(sb, a.name(), a.help());
      }
    }
    sb.append("\noptions:\n");
    entry(sb, "-h, --help", "show this help message and exit");
    entry(sb, "--version", "show program's version number and exit");
    for (Arg<?> a : spec.args()) {
      if (a.kind() == Arg.Kind.POSITIONAL) {
        continue;
      }
      String left = a.kind() == Arg.Kind.FLAG ? a.display() : a.display() + " " + a.metavar();
      Object d = spec.defaultOf(a);
      String help = a.help();
      if (a.kind() == Arg.Kind.OPTION && d != null
          && !(d instanceof java.util.Collection<?> c && c.isEmpty())) {
        help += " (default:" + NBSP + (d instanceof ch.qos.logback.classic.Level l
            ? io.msistream.stream.log.LogLevels.pythonName(l) : d) + ")";
      }
      entry(sb, left, help);
    }
    return sb.toString();
  }

  private static void entry(StringBuilder sb, String left, String help) {
    String pad = " ".repeat(COLUMN);
    String first = "  " + left;
    List<String> lines = split(help, WIDTH - COLUMN);
    if (first.length() >= COLUMN - 1) {
      sb.append(first).append('\n');
    } else {
      sb.append(first).append(" ".repeat(COLUMN - first.length())).append(lines.remove(0))
          .append('\n');
    }
    for (String l : lines) {
      sb.append(pad).append(l).append('\n');
    }
    for (int k = sb.indexOf(String.valueOf(NBSP)); k >= 0; k = sb.indexOf(String.valueOf(NBSP), k)) {
      sb.setCharAt(k, ' ');
    }
  }

  private static String wrap(String text, int indent) {
    List<String> lines = split(text, WIDTH - indent);
    StringBuilder sb = new StringBuilder(lines.get(0));
    for (int k = 1; k < lines.size(); k++) {
      sb.append('\n').append(" ".repeat(indent)).append(lines.get(k));
    }
    return sb.toString();
  }

  private static List<String> split(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }
}
