/**
 * OpenMSIStream config files (spec §9) and tool defaults.
 *
 * <ul>
 *   <li>{@link io.msistream.stream.config.ConfigDirs} — the config directories and
 *       {@code --config NAME} resolution;
 *   <li>{@link io.msistream.stream.config.StreamConfig} — a parsed file (on the shared
 *       {@code io.msistream.crypto.ini} reader, Python dialect) with {@code $VAR} expansion,
 *       {@code producer()}/{@code consumer()}/{@code admin()} Java client properties and the
 *       {@code [kafkacrypto]} node ({@link io.msistream.stream.config.KafkaCryptoNode});
 *   <li>{@link io.msistream.stream.config.KafkaNameTable} — the librdkafka → Java name table,
 *       applied by {@link io.msistream.stream.config.KafkaProperties};
 *   <li>{@link io.msistream.stream.config.ToolDefaults} — typesafe-config defaults,
 *       {@code msistream.<Program>.<option_name>}, overridable by system properties;
 *   <li>{@link io.msistream.stream.config.ConfigException} — every config problem, with file, line,
 *       section and option; tools exit 2 on it.
 * </ul>
 */
package io.msistream.stream.config;
