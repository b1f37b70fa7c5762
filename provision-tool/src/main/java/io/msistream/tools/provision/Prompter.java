package io.msistream.tools.provision;

/**
 * Where the provisioning questions are asked: a terminal ({@link ConsolePrompter}, passwords
 * without echo, a wrong answer is asked again) or an answer stream on standard input
 * ({@link StreamPrompter}, one line per question, a wrong answer ends the run).
 */
public interface Prompter {
  /**
   * Asks a question.
   *
   * @return the answer line without its line end, or null at the end of input
   */
  String ask(String prompt) throws ProvisionException;

  /**
   * Asks for a password (no echo on a terminal).
   *
   * @return the password (the caller wipes it), or null at the end of input
   */
  char[] askSecret(String prompt) throws ProvisionException;

  /** Shows a line to the person answering. */
  void tell(String line);

  /** True if a wrong answer may be asked again (a person at a terminal). */
  boolean retries();
}
