package io.msistream.tools.upload;

/**
 * What {@link UploadEngine} reports. Called on the engine's sender threads and on the Kafka
 * producer's network thread: implementations must be quick and thread-safe.
 */
interface UploadListener {
  /** A file was chunked and its generation starts (or resumes). */
  default void started(FileUpload u) {}

  /** The broker acknowledged chunk {@code index} ({@code bytes} of file data). */
  default void acked(FileUpload u, int index, int bytes) {}

  /** Every chunk of the generation is acknowledged. */
  default void completed(FileUpload u) {}

  /**
   * The file could not be (fully) sent: {@code outcome} says whether it changed (upload it again
   * as a new generation once it settles), failed (vanished, unreadable, rejected by Kafka), or the
   * engine stopped. {@code u} is null when it ended before chunking finished.
   */
  default void ended(FileJob job, FileUpload u, FileUpload.Outcome outcome, String why,
      Throwable cause) {}
}
