/**
 * A Python-{@code configparser}-compatible INI reader and writer.
 *
 * <p>One implementation serves every INI file of the project; an {@link io.msistream.crypto.ini.IniDialect}
 * says which of configparser's options are in force:
 *
 * <ul>
 *   <li>{@link io.msistream.crypto.ini.IniDialect#kafkaCryptoNode()} — a KafkaCrypto node
 *       {@code <id>.config}: {@code :} is the only delimiter, {@code ;} starts a comment line,
 *       option names are stored as written and looked up lower-cased, {@code %} interpolation.
 *   <li>{@link io.msistream.crypto.ini.IniDialect#python()} — Python's default
 *       {@code ConfigParser()} as OpenMSIStream uses it: {@code =} or {@code :} (the first one on
 *       the line splits), {@code #} and {@code ;} comment lines, option names lower-cased.
 * </ul>
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * Ini ini = IniFile.read(path, IniDialect.python());
 * Optional<String> servers = ini.get("broker", "bootstrap.servers");   // interpolated, DEFAULT-inherited
 * Map<String, String> producer = ini.items("producer");                 // own options, then DEFAULT ones
 * IniFile.writeAtomically(path, ini.with("broker", "client.id", "me")); // temp file + fsync + atomic move
 * }</pre>
 *
 * <p>{@link io.msistream.crypto.ini.Ini} is immutable: {@code with}/{@code without} return a changed
 * copy. Every failure is a checked {@link io.msistream.crypto.ini.IniException} whose message names
 * the file, line, section and option, and whose {@link io.msistream.crypto.ini.IniException#kind()}
 * says which configparser error it corresponds to.
 */
package io.msistream.crypto.ini;
