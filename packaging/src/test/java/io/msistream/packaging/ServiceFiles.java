package io.msistream.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Readers for the service definitions: systemd units, WinSW XML, the compose example. */
final class ServiceFiles {
  private ServiceFiles() {}

  /** A tool started with options: which main class, and the words after it. */
  record Invocation(String where, String main, List<String> args) {
    /** The option names used ({@code --name}, without {@code =value}). */
    List<String> options() {
      List<String> out = new ArrayList<>();
      for (String a : args) {
        if (a.startsWith("--")) {
          int eq = a.indexOf('=');
          out.add(eq < 0 ? a : a.substring(0, eq));
        }
      }
      return out;
    }
  }

  /** A systemd unit: its [Service] (and other) keys, last value wins, comments dropped. */
  static Map<String, String> unit(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    String section = "";
    for (String line : Repo.read(file).lines().toList()) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
        continue;
      }
      if (l.startsWith("[")) {
        section = l.substring(1, l.length() - 1);
        continue;
      }
      int eq = l.indexOf('=');
      out.put(section + "." + l.substring(0, eq).strip(), l.substring(eq + 1).strip());
    }
    return out;
  }

  /** What a unit's ExecStart runs, through the bin/ launcher it names. */
  static Invocation unitInvocation(Path file) {
    List<String> words = words(unit(file).get("Service.ExecStart"));
    String launcher = Path.of(words.get(0)).getFileName().toString();
    Repo.Launcher l = Repo.launchers().get(launcher);
    return new Invocation(file.toString(), l == null ? null : l.main(), words.subList(1, words.size()));
  }

  static Document xml(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  static String child(Document d, String name) {
    var nodes = d.getDocumentElement().getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
  }

  static Element element(Document d, String name) {
    var nodes = d.getDocumentElement().getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
  }

  /** Words of a command line, honouring double quotes (systemd and Windows alike, for these files). */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  /** Seconds of a WinSW duration such as {@code 660 sec} or {@code 11 min}. */
  static long winswSeconds(String v) {
    Matcher m = Pattern.compile("(\\d+)\\s*(ms|sec|secs|min|mins|hour|hours)?").matcher(v.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a WinSW duration: " + v);
    }
    long n = Long.parseLong(m.group(1));
    String u = m.group(2) == null ? "ms" : m.group(2);
    return switch (u) {
      case "ms" -> n / 1000;
      case "sec", "secs" -> n;
      case "min", "mins" -> n * 60;
      default -> n * 3600;
    };
  }

  /** Seconds of a systemd time span such as {@code 660}, {@code 11min} or {@code 150s}. */
  static long systemdSeconds(String v) {
    Matcher m = Pattern.compile("(\\d+)\\s*(s|sec|min|m|h)?").matcher(v.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a simple systemd time span: " + v);
    }
    long n = Long.parseLong(m.group(1));
    String u = m.group(2) == null ? "s" : m.group(2);
    return switch (u) {
      case "s", "sec" -> n;
      case "min", "m" -> n * 60;
      default -> n * 3600;
    };
  }

  /**
   * The services of the compose example, as far as these checks need: per service its top-level
   * scalar keys and its {@code command:} list. Only the block style used in that file is read.
   */
  static Map<String, Map<String, Object>> composeServices(Path file) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    boolean inServices = false;
    Map<String, Object> svc = null;
    String listKey = null;
    for (String line : Repo.read(file).lines().toList()) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      if (!line.startsWith(" ")) {
        inServices = line.startsWith("services:");
        svc = null;
        continue;
      }
      if (!inServices) {
        continue;
      }
      if (line.startsWith("  ") && !line.startsWith("   ")) {
        svc = new LinkedHashMap<>();
        out.put(line.strip().replace(":", ""), svc);
        listKey = null;
        continue;
      }
      if (svc == null) {
        continue;
      }
      if (line.startsWith("    ") && !line.startsWith("     ")) {
        String l = line.strip();
        int colon = l.indexOf(':');
        String key = l.substring(0, colon);
        String value = l.substring(colon + 1).strip();
        if (value.isEmpty()) {
          listKey = key;
          svc.put(key, new ArrayList<String>());
        } else {
          listKey = null;
          svc.put(key, unquote(value));
        }
        continue;
      }
      String l = line.strip();
      if (listKey != null && l.startsWith("- ")) {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) svc.get(listKey);
        list.add(unquote(l.substring(2).strip()));
      } else if (listKey != null && l.contains(":") && svc.get(listKey) instanceof List<?> list
          && list.isEmpty()) {
        svc.put(listKey, new LinkedHashMap<String, String>());
        mapPut(svc, listKey, l);
      } else if (listKey != null && svc.get(listKey) instanceof Map<?, ?>) {
        mapPut(svc, listKey, l);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void mapPut(Map<String, Object> svc, String key, String l) {
    int colon = l.indexOf(':');
    ((Map<String, String>) svc.get(key)).put(l.substring(0, colon).strip(),
        unquote(l.substring(colon + 1).strip()));
  }

  private static String unquote(String v) {
    return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"")
        || v.startsWith("'") && v.endsWith("'")) ? v.substring(1, v.length() - 1) : v;
  }
}
