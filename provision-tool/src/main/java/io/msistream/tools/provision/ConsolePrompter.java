package io.msistream.tools.provision;

import java.io.Console;
import java.io.IOError;

/** Asks on the terminal: passwords with {@link Console#readPassword}, without echo. */
public final class ConsolePrompter implements Prompter {
  private final Console console;

  public ConsolePrompter(Console console) {
    this.console = console;
  }

  @Override
  public String ask(String prompt) throws ProvisionException {
    try {
      return console.readLine("%s", prompt);
    } catch (IOError e) {
      throw new ProvisionException("cannot read from the terminal: " + e.getMessage(), e);
    }
  }

  @Override
  public char[] askSecret(String prompt) throws ProvisionException {
    try {
      return console.readPassword("%s", prompt);
    } catch (IOError e) {
      throw new ProvisionException("cannot read from the terminal: " + e.getMessage(), e);
    }
  }

  @Override
  public void tell(String line) {
    console.writer().println(line);
    console.flush();
  }

  @Override
  public boolean retries() {
    return true;
  }
}
