package io.msistream.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of one of packaging/docker/&lt;image&gt;/Dockerfile, as far as these checks need. */
record Dockerfile(String image, Path file, List<Instruction> instructions) {
  private static final Pattern JSON_STRING = Pattern.compile("\"([^\"\\\\]*)\"");

  /** One instruction: upper-case keyword and the rest of its (joined) lines. */
  record Instruction(String keyword, String args) {}

  static Dockerfile parse(Path file) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : Repo.read(file).split("\n", -1)) {
      String l = line.strip();
      if (cur.length() == 0 && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l.endsWith("\\")) {
        cur.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      cur.append(l);
      String s = cur.toString().strip();
      cur.setLength(0);
      int sp = s.indexOf(' ');
      out.add(new Instruction(s.substring(0, sp).toUpperCase(Locale.ROOT), s.substring(sp + 1).strip()));
    }
    return new Dockerfile(file.getParent().getFileName().toString(), file, List.copyOf(out));
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args)
        .toList();
  }

  /** The last instruction of a kind (the one that counts), or null. */
  String last(String keyword) {
    List<String> a = all(keyword);
    return a.isEmpty() ? null : a.get(a.size() - 1);
  }

  /** The ENTRYPOINT in exec form, or null if it is in shell form. */
  List<String> entrypoint() {
    String e = last("ENTRYPOINT");
    if (e == null || !e.startsWith("[") || !e.endsWith("]")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    Matcher m = JSON_STRING.matcher(e);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Each COPY as {source, destination} (options such as --chmod left out). */
  List<String[]> copies() {
    List<String[]> out = new ArrayList<>();
    for (String c : all("COPY")) {
      List<String> words = new ArrayList<>(List.of(c.split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      out.add(new String[] {words.get(0), words.get(words.size() - 1)});
    }
    return out;
  }

  /** The main class of the exec-form entrypoint (its last word). */
  String mainClass() {
    List<String> e = entrypoint();
    return e.get(e.size() - 1);
  }

  /** The jar after {@code -cp} in the entrypoint. */
  String classPath() {
    List<String> e = entrypoint();
    int i = e.indexOf("-cp");
    return i < 0 || i + 1 >= e.size() ? null : e.get(i + 1);
  }

  static List<Dockerfile> all() {
    List<Dockerfile> out = new ArrayList<>();
    for (Path dir : Repo.files("packaging/docker", "")) {
      Path f = dir.resolve("Dockerfile");
      if (java.nio.file.Files.isRegularFile(f)) {
        out.add(parse(f));
      }
    }
    return out;
  }
}
