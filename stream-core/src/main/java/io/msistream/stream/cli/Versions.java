package io.msistream.stream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The toolkit version for {@code --version}. */
public final class Versions {
  private Versions() {}

  /**
   * The {@code Implementation-Version} of the jar holding {@code c} if its manifest has one, else
   * the version stream-core was built as (from its Maven-filtered {@code version.properties}), else
   * {@code "unknown"}.
   */
  public static String of(Class<?> c) {
    Package p = c.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    if (v != null && !v.isBlank()) {
      return v;
    }
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        String built = props.getProperty("version");
        if (built != null && !built.isBlank() && !built.startsWith("${")) {
          return built;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }
}
