/**
 * The KafkaCrypto key-exchange messages (spec sections 6.1 to 6.6) as pure functions and small
 * state holders, without Kafka: a consumer's {@link io.msistream.kex.protocol.Requester} builds
 * requests and opens replies, a producer's {@link io.msistream.kex.protocol.Responder} answers
 * requests, a controller's {@link io.msistream.kex.protocol.Relay} re-signs limited consumers'
 * requests. Every parser of received bytes raises a checked {@link io.msistream.crypto.MsiCryptoException}
 * subtype naming the message and never logs or reports key material.
 */
package io.msistream.kex.protocol;
