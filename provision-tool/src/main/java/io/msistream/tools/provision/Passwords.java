package io.msistream.tools.provision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The two provisioning passwords: the root-of-trust password (at least
 * {@value #ROT_MIN_LENGTH} characters) and the provisioning password (at least
 * {@value #PROVISIONING_MIN_LENGTH}). Everyone who uses the same two passwords derives the same
 * root and provisioner keys (spec kafkacrypto 8.4). Held as char arrays, wiped by {@link #close()};
 * {@link #toString()} shows nothing secret. Passwords never come from the command line: they are
 * typed (without echo on a terminal), read from standard input, or read from a file.
 */
public final class Passwords implements AutoCloseable {
  /** Minimum length of the root-of-trust password, in characters. */
  public static final int ROT_MIN_LENGTH = 12;
  /** Minimum length of the provisioning password, in characters. */
  public static final int PROVISIONING_MIN_LENGTH = 6;

  private final char[] rot;
  private final char[] provisioning;

  private Passwords(char[] rot, char[] provisioning) {
    this.rot = rot;
    this.provisioning = provisioning;
  }

  /**
   * Checks and copies both passwords (the caller wipes its arrays).
   *
   * @throws ProvisionException if one is too short
   */
  public static Passwords of(char[] rot, char[] provisioning) throws ProvisionException {
    checkRot(rot);
    checkProvisioning(provisioning);
    return new Passwords(rot.clone(), provisioning.clone());
  }

  /** Refuses a root-of-trust password shorter than {@value #ROT_MIN_LENGTH} characters. */
  public static void checkRot(char[] pw) throws ProvisionException {
    check(pw, ROT_MIN_LENGTH, "root-of-trust password");
  }

  /** Refuses a provisioning password shorter than {@value #PROVISIONING_MIN_LENGTH} characters. */
  public static void checkProvisioning(char[] pw) throws ProvisionException {
    check(pw, PROVISIONING_MIN_LENGTH, "provisioning password");
  }

  private static void check(char[] pw, int min, String what) throws ProvisionException {
    int n = Character.codePointCount(pw, 0, pw.length); // Python's len(): code points
    if (n < min) {
      throw new ProvisionException("the " + what + " must be at least " + min
          + " characters long (it has " + n + ")");
    }
  }

  /**
   * Reads a password file: its first line (UTF-8) without the line end ({@code \n} or
   * {@code \r\n}); other whitespace is part of the password, as when it is typed.
   *
   * @param what the password's name for messages
   */
  public static char[] readFile(Path file, String what) throws ProvisionException {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      // the value names no file: it may be the password itself, so it is not repeated
      throw new ProvisionException("cannot read the " + what + " file: no such file (give the"
          + " name of a file holding the password, never the password itself)");
    } catch (IOException e) {
      throw new ProvisionException("cannot read the " + what + " file " + file + ": "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    CharBuffer cb = null;
    try {
      cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      int end = 0;
      while (end < cb.limit() && cb.get(end) != '\n') {
        end++;
      }
      if (end > 0 && cb.get(end - 1) == '\r') {
        end--;
      }
      char[] out = new char[end];
      cb.get(0, out, 0, end);
      return out;
    } catch (CharacterCodingException e) {
      throw new ProvisionException("the " + what + " file " + file + " is not UTF-8 text");
    } finally {
      Arrays.fill(b, (byte) 0);
      if (cb != null && cb.hasArray()) {
        Arrays.fill(cb.array(), '\0');
      }
    }
  }

  /**
   * The root-of-trust password as a String (crypto-core's {@code PasswordKeys} takes Strings,
   * which cannot be wiped; keep the result local and short-lived).
   */
  String rotText() {
    return new String(rot);
  }

  /** The provisioning password as a String (see {@link #rotText()}). */
  String provisioningText() {
    return new String(provisioning);
  }

  /** Wipes both passwords. */
  @Override
  public void close() {
    Arrays.fill(rot, '\0');
    Arrays.fill(provisioning, '\0');
  }

  @Override
  public String toString() {
    return "Passwords[hidden]";
  }
}
