/**
 * {@code DataFileDownloadDirectory}: reconstructs files from OpenMSIStream chunk messages
 * (spec §4, §7).
 *
 * <ul>
 *   <li>{@link io.msistream.tools.download.DataFileDownloadDirectory} — the program: options,
 *       consumers from stream-core's {@code KafkaClients}, {@code q}/{@code c}/SIGTERM handling;
 *   <li>{@code Downloader} — one run: work folder, reassembler, {@code --n_threads} consumer
 *       threads ({@code ConsumerWorker}) in one group;
 *   <li>{@code RecordHandler} — one record: ENCRYPTED_MESSAGES, REJECTED_MESSAGES, regex, safe
 *       paths, then {@code Reassembler};
 *   <li>{@code Reassembler} / {@code Assembly} — chunks into part files in the hidden work folder
 *       ({@code WorkDir}), generation policy, incremental whole-file hash, atomic placement;
 *       {@code ProgressRecord} and {@code DoneMarker} persist what is durable and what completed.
 * </ul>
 *
 * <p>Durability contract: a consumer commits an offset only after the record's effect is durable
 * (its chunk fsynced in a part file and listed in that part's progress record, or the record kept
 * in ENCRYPTED_MESSAGES/REJECTED_MESSAGES, or nothing to keep). So a restart with the same group
 * id, or another instance sharing the output directory, continues every partial file.
 */
package io.msistream.tools.download;
