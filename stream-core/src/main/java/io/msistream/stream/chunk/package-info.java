/**
 * OpenMSIStream chunk messages (spec §2–§3), shared by uploader and downloader.
 *
 * <ul>
 *   <li>{@link io.msistream.stream.chunk.DataFileChunk} — one message value; its Kafka key via
 *       {@code messageKey()};
 *   <li>{@link io.msistream.stream.chunk.ChunkEncoder} / {@link io.msistream.stream.chunk.ChunkDecoder}
 *       — byte-identical to Python's serializer (10 fields, or 9 with
 *       {@link io.msistream.stream.chunk.ChunkFormat#NINE_FIELDS_LEGACY}); the decoder accepts
 *       both and raises {@link io.msistream.stream.chunk.ChunkFormatException} naming the field;
 *   <li>{@link io.msistream.stream.chunk.DataFileChunkSerializer} /
 *       {@link io.msistream.stream.chunk.DataFileChunkDeserializer} — the same as Kafka serdes;
 *   <li>{@link io.msistream.stream.chunk.ChunkPlanner} → {@link io.msistream.stream.chunk.ChunkPlan}
 *       — one sequential read gives chunk hashes and the file hash;
 *       {@link io.msistream.stream.chunk.ChunkReader} and
 *       {@code ChunkEncoder.encodeFromFile} read a chunk back and re-check its hash;
 *   <li>{@link io.msistream.stream.chunk.SafePaths} — received locations that cannot leave the
 *       output directory;
 *   <li>{@link io.msistream.stream.chunk.EncryptedMessageNames} — {@code ENCRYPTED_MESSAGES} file
 *       names and their parser.
 * </ul>
 */
package io.msistream.stream.chunk;
