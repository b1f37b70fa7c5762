package io.msistream.tools.provision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads answers line by line from a stream (standard input without a terminal: a scripted answer
 * stream, as one would pipe into simple-provision). Prompts go to {@code prompts} (standard error)
 * followed by a line end, so standard output carries only the result. A wrong answer is not asked
 * again: the run stops with its message. Passwords are read the same way (there is no echo to
 * turn off) — unless standard input is a terminal after all (only standard output was
 * redirected, so Java has no console): a typed password would then be shown, and it is refused.
 */
public final class StreamPrompter implements Prompter {
  private final BufferedReader in;
  private final PrintStream prompts;
  private final boolean inputIsTerminal;

  /**
   * @param inputIsTerminal standard input is a terminal although there is no console (passwords
   *     are then refused instead of being echoed)
   */
  public StreamPrompter(InputStream in, PrintStream prompts, boolean inputIsTerminal) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.prompts = prompts;
    this.inputIsTerminal = inputIsTerminal;
  }

  @Override
  public String ask(String prompt) throws ProvisionException {
    prompts.println(prompt);
    prompts.flush();
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new ProvisionException("cannot read standard input: " + NodeFolder.describe(e), e);
    }
  }

  @Override
  public char[] askSecret(String prompt) throws ProvisionException {
    if (inputIsTerminal) {
      throw new ProvisionException("standard input is a terminal but standard output is"
          + " redirected, so a typed password would be shown on the screen: give"
          + " --rot-password-file and --provisioning-password-file, or do not redirect standard"
          + " output");
    }
    String line = ask(prompt);
    return line == null ? null : line.toCharArray();
  }

  @Override
  public void tell(String line) {
    prompts.println(line);
    prompts.flush();
  }

  @Override
  public boolean retries() {
    return false;
  }
}
