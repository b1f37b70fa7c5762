package io.msistream.stream.cli;

/**
 * Marks an exception as the user's mistake (bad option, bad config file, missing file), not a bug
 * or an environment failure: {@link ToolMain} prints its message as one line, without a stack
 * trace, and exits with status 2. Any module's checked exception may implement it.
 */
public interface UserError {
  /** The one-line explanation (defaults to the exception message). */
  String getMessage();
}
