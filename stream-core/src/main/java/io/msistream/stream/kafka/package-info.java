/**
 * The one place every tool gets its Kafka clients from.
 *
 * <ul>
 *   <li>{@link io.msistream.stream.kafka.KafkaClients} — opened once per program from a
 *       {@link io.msistream.stream.config.StreamConfig}: producers, consumers and admin clients
 *       built from the config's {@code [broker]}/{@code [producer]}/{@code [consumer]} sections
 *       plus the tool's overrides, plain or — when the config has {@code [kafkacrypto]} —
 *       encrypted through one shared KafkaCrypto node runtime that lives until
 *       {@link io.msistream.stream.kafka.KafkaClients#close()}; an encrypted config never falls
 *       back to plain clients;
 *   <li>{@link io.msistream.stream.kafka.FilePartitions} — the partition of a file's chunks,
 *       chosen from its relative path (so every chunk of one file lands on one partition, also
 *       when the encrypted key bytes differ per record).
 * </ul>
 */
package io.msistream.stream.kafka;
