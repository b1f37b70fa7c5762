package io.msistream.tools.provision;

import io.msistream.stream.cli.UserError;

/**
 * A provisioning request that cannot be carried out because of the user's input or surroundings:
 * a bad answer, an existing node, an unwritable folder, a failed provisioning script. The tool
 * prints its message as one line and exits with status 2; nothing is left half-written.
 */
public final class ProvisionException extends Exception implements UserError {
  private static final long serialVersionUID = 1L;

  public ProvisionException(String message) {
    super(message);
  }

  public ProvisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
