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
 *       back to plain clients. Producers: {@code chunkProducer}, {@code encodedChunkProducer}
 *       (pre-encoded values), {@code producer}. Consumers: {@code chunkMessageConsumer} /
 *       {@code messageConsumer} give {@code CryptoMessage}s for plain and encrypted configs alike
 *       (one code path), {@code chunkConsumer} / {@code consumer} are plain-only;
 *   <li>{@link io.msistream.stream.kafka.KafkaSetupException} — a topic or the key-exchange topics
 *       cannot be used ({@code requireTopic}, {@code ensureKeyExchangeTopics}); tools exit 2;
 *   <li>{@link io.msistream.stream.kafka.FilePartitions} — the partition of a file's chunks,
 *       chosen from its relative path (so every chunk of one file lands on one partition, also
 *       when the encrypted key bytes differ per record).
 * </ul>
 */
package io.msistream.stream.kafka;
