package io.msistream.stream.config;

/**
 * One option read from a config file, after environment expansion: where it came from (for error
 * messages) and its text. {@link #toString()} never shows the value (it may be a password).
 *
 * @param file the config file name shown in messages
 * @param line 1-based line number, 0 if unknown
 * @param section the section it was read from
 * @param key the option name (lower-cased)
 * @param value the value text
 */
public record Setting(String file, int line, String section, String key, String value) {
  /** An error about this option. */
  public ConfigException error(String detail) {
    return ConfigException.at(file, line, section, key, detail);
  }

  /** The same option with another value (keeps the origin). */
  public Setting withValue(String v) {
    return new Setting(file, line, section, key, v);
  }

  @Override
  public String toString() {
    return file + ":" + line + " [" + section + "] " + key;
  }
}
