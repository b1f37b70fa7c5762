package io.msistream.tools.upload;

import io.msistream.stream.chunk.ChunkPlan;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.BitSet;

/**
 * One generation of one file being uploaded: its plan, the chunks this run sends, which of them
 * the broker acknowledged, and how many are handed out but not settled. The data is read lazily,
 * chunk by chunk, through one shared positional {@link FileChannel}.
 */
final class FileUpload {
  /** Why a generation ended. */
  enum Outcome { COMPLETE, CHANGED, FAILED, STOPPED }

  private final FileJob job;
  private final ChunkPlan plan;
  private final int partition;
  private final LocalDateTime started;
  private final boolean resumed;
  private final BitSet toSend;
  private final BitSet acked = new BitSet();
  private final int total;
  private final long bytesToSend;
  private int cursor = 1;
  private int inFlight;
  private Outcome outcome;
  private String reason;
  private Throwable cause;
  private FileChannel channel;
  private Object registryEntry;
  private boolean endReported;

  FileUpload(FileJob job, ChunkPlan plan, int partition, LocalDateTime started, boolean resumed,
      BitSet toSend) {
    this.job = job;
    this.plan = plan;
    this.partition = partition;
    this.started = started;
    this.resumed = resumed;
    this.toSend = (BitSet) toSend.clone();
    this.total = toSend.cardinality();
    long b = 0;
    for (int i = toSend.nextSetBit(1); i >= 0; i = toSend.nextSetBit(i + 1)) {
      b += plan.chunk(i).length();
    }
    this.bytesToSend = b;
  }

  FileJob job() {
    return job;
  }

  ChunkPlan plan() {
    return plan;
  }

  int partition() {
    return partition;
  }

  LocalDateTime started() {
    return started;
  }

  /** True if this continues a previous run's generation (only its missing chunks are sent). */
  boolean resumed() {
    return resumed;
  }

  /** Chunks a previous run delivered (not sent again), empty for a fresh generation. */
  BitSet deliveredBefore() {
    BitSet b = new BitSet(plan.totalChunks() + 1);
    b.set(1, plan.totalChunks() + 1);
    b.andNot(toSend);
    return b;
  }

  /** Chunks this run sends. */
  int chunksToSend() {
    return total;
  }

  long bytesToSend() {
    return bytesToSend;
  }

  synchronized int chunksAcked() {
    return acked.cardinality();
  }

  synchronized Object registryEntry() {
    return registryEntry;
  }

  synchronized void registryEntry(Object e) {
    registryEntry = e;
  }

  /** The next chunk number to hand out (counted in flight), or -1 when all are handed out. */
  synchronized int nextChunk() {
    if (outcome != null) {
      return -1;
    }
    int i = toSend.nextSetBit(cursor);
    if (i < 0) {
      return -1;
    }
    cursor = i + 1;
    inFlight++;
    return i;
  }

  /** True while chunks remain to be handed out. */
  synchronized boolean hasMoreChunks() {
    return outcome == null && toSend.nextSetBit(cursor) >= 0;
  }

  synchronized boolean isEnded() {
    return outcome != null;
  }

  /** The channel to read chunks from, opened at first use. */
  synchronized FileChannel channel() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(plan.file(), StandardOpenOption.READ);
    }
    return channel;
  }

  /**
   * Chunk {@code index} is acknowledged.
   *
   * @return true if this completed the generation ({@link #outcome()} COMPLETE), or was the last
   *     chunk in flight of a generation that ended early (report its end now)
   */
  synchronized boolean acked(int index) {
    inFlight--;
    acked.set(index);
    if (outcome == null && acked.cardinality() == total) {
      outcome = Outcome.COMPLETE;
      closeChannel();
      return true;
    }
    return settledAfterEnd();
  }

  /** Completes a generation with nothing to send (a previous run delivered every chunk). */
  synchronized boolean completeEmpty() {
    if (outcome == null && total == 0) {
      outcome = Outcome.COMPLETE;
      return true;
    }
    return false;
  }

  /**
   * A handed-out chunk was not sent (the generation ended or the send failed for good).
   *
   * @return true if the generation has just ended and nothing is in flight any more
   */
  synchronized boolean dropped() {
    inFlight--;
    return settledAfterEnd();
  }

  /**
   * Ends the generation early (if not ended yet).
   *
   * @return true if nothing is in flight, so the caller reports the end now; otherwise the last
   *     settling chunk does
   */
  synchronized boolean end(Outcome o, String why, Throwable t) {
    if (outcome != null) {
      return false;
    }
    outcome = o;
    reason = why;
    cause = t;
    return settledAfterEnd();
  }

  private boolean settledAfterEnd() {
    if (outcome != null && outcome != Outcome.COMPLETE && inFlight == 0 && !endReported) {
      endReported = true;
      closeChannel();
      return true;
    }
    return false;
  }

  synchronized Outcome outcome() {
    return outcome;
  }

  synchronized String reason() {
    return reason;
  }

  synchronized Throwable cause() {
    return cause;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only channel: nothing to lose
      }
      channel = null;
    }
  }

  @Override
  public String toString() {
    return job.relPath() + " (" + plan.totalChunks() + " chunks, sending " + total + ")";
  }
}
