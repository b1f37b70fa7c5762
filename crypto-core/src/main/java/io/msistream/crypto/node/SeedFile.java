package io.msistream.crypto.node;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.record.RatchetState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A node's {@code <id>.seed} file (spec 8.3): {@code [keyidx, bin(S32)]}, the <em>next</em>
 * ratchet state. Unlike {@code .crypto}, any byte after the value is an error (Python raises
 * {@code ExtraData}). The secret must be 32 bytes and keyidx a non-negative integer that fits a
 * Java long.
 *
 * <p>{@link #startupStep(Path)} is the step every KafkaCrypto process makes when it starts: read
 * (keyidx, S), immediately rewrite the file with (keyidx + 1, S'), and use (keyidx, S).
 */
public final class SeedFile {
  private SeedFile() {}

  /**
   * Parses seed bytes.
   *
   * @throws NodeFileException if they are not exactly {@code [int >= 0, bin(32)]}
   */
  public static RatchetState parse(byte[] bytes, String name) throws NodeFileException {
    byte[] s = null;
    try {
      List<MpValue> items = Msgpack.decode(bytes).asArray("seed");
      if (items.size() != 2) {
        throw new MalformedDataException("seed: expected [keyidx, secret], found " + items.size() + " items");
      }
      long keyidx = items.get(0).asLong("seed keyidx");
      if (keyidx < 0) {
        throw new MalformedDataException("seed keyidx: must not be negative");
      }
      s = items.get(1).asBin("seed secret");
      if (s.length != 32) {
        throw new MalformedDataException("seed secret: expected 32 bytes, found " + s.length);
      }
      return RatchetState.of(keyidx, s);
    } catch (MalformedDataException e) {
      throw new NodeFileException(name, e.getMessage(), e);
    } finally {
      if (s != null) {
        Arrays.fill(s, (byte) 0);
      }
    }
  }

  /** {@code pack([keyidx, bin(S)])} with the smallest integer encoding, as Python writes it. */
  public static byte[] encode(RatchetState state) {
    byte[] s = state.secret();
    try {
      return Msgpack.pack(p -> {
        p.packArrayHeader(2).packLong(state.keyidx());
        p.packBinaryHeader(s.length).writePayload(s);
      });
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /** Reads and parses a seed file. */
  public static RatchetState read(Path file) throws NodeFileException {
    byte[] b = NodeFiles.readSecret(file);
    try {
      return parse(b, file.toString());
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Rewrites a seed file in place (0600) with {@code state}. */
  public static void write(Path file, RatchetState state) throws NodeFileException {
    byte[] b = encode(state);
    try {
      NodeFiles.rewriteSecretInPlace(file, b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * The start-up ratchet step: reads (keyidx, S), rewrites the file with (keyidx + 1, S') before
   * returning, and returns (keyidx, S) for this process to use. Call it once per process start;
   * loading a node never does it.
   *
   * @throws NodeFileException if the file cannot be read, parsed or rewritten (then the returned
   *     state must not be used: it could be handed out again)
   */
  public static RatchetState startupStep(Path file) throws NodeFileException {
    RatchetState current = read(file);
    try (RatchetState next = current.next()) {
      write(file, next);
    } catch (NodeFileException | RuntimeException e) {
      current.close();
      throw e;
    }
    return current;
  }

  /**
   * Skips a state whose key index turned out to be used already (a restored or rolled-back seed
   * file, spec pitfall 15): returns the state after {@code used} for this process to use, and
   * rewrites the file with the one after that first. Python advances the file but keeps using
   * the old index, so its encryption fails until the next daily step; use this instead.
   */
  public static RatchetState advancePast(Path file, RatchetState used) throws NodeFileException {
    RatchetState replacement = used.next();
    try (RatchetState following = replacement.next()) {
      write(file, following);
    } catch (NodeFileException | RuntimeException e) {
      replacement.close();
      throw e;
    }
    return replacement;
  }
}
