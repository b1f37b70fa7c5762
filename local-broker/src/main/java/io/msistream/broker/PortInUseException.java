package io.msistream.broker;

import java.io.IOException;

/** The requested client port is already taken by another process. */
public final class PortInUseException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int port;

  public PortInUseException(int port, Throwable cause) {
    super("port " + port + " on 127.0.0.1 is already in use", cause);
    this.port = port;
  }

  public int port() {
    return port;
  }
}
