package io.msistream.tools.provision;

import io.msistream.crypto.cert.NodeRole;
import java.util.Locale;

/**
 * The answer to simple-provision's role question (1 controller, 2 producer, 3 consumer, 4 consumer
 * and producer); with the "limited" answer of the consumer roles it gives the certificate's
 * {@link NodeRole}.
 */
public enum RoleChoice {
  CONTROLLER(1, "controller"),
  PRODUCER(2, "producer"),
  CONSUMER(3, "consumer"),
  PRODCON(4, "consumer+producer");

  private final int number;
  private final String label;

  RoleChoice(int number, String label) {
    this.number = number;
    this.label = label;
  }

  /** The number simple-provision's prompt uses. */
  public int number() {
    return number;
  }

  /** A readable name. */
  public String label() {
    return label;
  }

  /** True for the roles that are asked whether they are limited to controllers (3 and 4). */
  public boolean asksLimited() {
    return this == CONSUMER || this == PRODCON;
  }

  /** The certificate role; {@code limited} only matters for {@link #asksLimited()} roles. */
  public NodeRole role(boolean limited) {
    return switch (this) {
      case CONTROLLER -> NodeRole.CONTROLLER;
      case PRODUCER -> NodeRole.PRODUCER;
      case CONSUMER -> limited ? NodeRole.CONSUMER_LIMITED : NodeRole.CONSUMER;
      case PRODCON -> limited ? NodeRole.PRODCON_LIMITED : NodeRole.PRODCON;
    };
  }

  /**
   * Parses an answer: the number (1-4), or for scripts a name ({@code controller},
   * {@code producer}, {@code consumer}, {@code prodcon}, {@code consumer+producer}; any case).
   */
  public static RoleChoice parse(String answer) throws ProvisionException {
    String a = answer.strip().toLowerCase(Locale.ROOT);
    for (RoleChoice c : values()) {
      if (a.equals(Integer.toString(c.number)) || a.equals(c.name().toLowerCase(Locale.ROOT))
          || a.equals(c.label)) {
        return c;
      }
    }
    if (a.equals("producer+consumer") || a.equals("consumer-producer")
        || a.equals("producer-consumer")) {
      return PRODCON;
    }
    throw new ProvisionException("unknown role '" + answer.strip() + "': answer 1 (controller),"
        + " 2 (producer), 3 (consumer) or 4 (consumer and producer)");
  }
}
