/**
 * KafkaCrypto node files (spec section 8): {@code <id>.config}, {@code <id>.crypto},
 * {@code <id>.seed} and the {@code oldkeys} value, read and written exactly as Python does.
 *
 * <ul>
 *   <li>{@link io.msistream.crypto.node.Node#load(java.nio.file.Path)} — a node folder as one
 *       immutable object (keys with chains, node id bytes, trust lists, KEM types, settings).
 *       Loading never writes; {@link io.msistream.crypto.node.Node#startupRatchetStep()} is the
 *       explicit per-process ratchet step.
 *   <li>{@link io.msistream.crypto.node.NodeConfig} — typed {@code .config} access
 *       ({@link io.msistream.crypto.node.ConfigValue}), {@code get_kafka_config} selection
 *       ({@link io.msistream.crypto.node.KafkaClientProperties} maps it to Java client names),
 *       {@link io.msistream.crypto.node.ManagementSettings}.
 *   <li>{@link io.msistream.crypto.node.CryptoFile}, {@link io.msistream.crypto.node.SeedFile},
 *       {@link io.msistream.crypto.node.OldKeys}, and {@link io.msistream.crypto.node.NodeFiles}
 *       for 0600/0700 secret files.
 * </ul>
 *
 * Every bad input raises {@link io.msistream.crypto.node.NodeFileException} naming the file and
 * field, never with key bytes.
 */
package io.msistream.crypto.node;
