/**
 * The uploaders (spec §5, §6): {@link io.msistream.tools.upload.DataFileUploadDirectory} watches
 * a directory tree and uploads files as they settle, with restart state in OpenMSIStream's registry
 * CSVs; {@link io.msistream.tools.upload.UploadDataFile} sends one file and exits. Both send
 * through {@code UploadEngine}: N sender threads, one shared producer from stream-core's
 * {@code KafkaClients} (plain or encrypted per the config), lazy chunk reads re-hashed just before
 * sending, memory bounded by {@code --queue_max_size}, one partition per file chosen from its
 * relative path, and a chunk counted only when the broker acknowledges it.
 */
package io.msistream.tools.upload;
