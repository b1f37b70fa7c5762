package io.msistream.stream.cli;

/** A command line that does not fit the tool's declared arguments; exits with status 2. */
public class UsageException extends Exception implements UserError {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
