/**
 * Key state of a node: the producer's keys ({@link io.msistream.kex.keys.ProducerKeys}: ratchet,
 * current per-root keys, {@code oldkeys}), the consumer's received keys
 * ({@link io.msistream.kex.keys.ReceivedKeyStore}), and {@link io.msistream.kex.keys.KeySource},
 * what a reply is made from. No Kafka here.
 */
package io.msistream.kex.keys;
