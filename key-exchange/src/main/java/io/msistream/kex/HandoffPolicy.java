package io.msistream.kex;

/**
 * Which deliveries count as handing a created key over before a short-lived producer exits
 * ({@link NodeRuntime#awaitHandoff}).
 */
public enum HandoffPolicy {
  /**
   * Only a reply to a key keeper's request: the request leaf carries the keeper marker and the
   * requester is itself authorised to serve the root's keys ({@link
   * io.msistream.kex.protocol.KeeperMark}). A keeper then serves the key after this node is gone.
   */
  KEEPER,
  /**
   * A reply to any valid request (a consumer, a controller relaying for one, or a keeper): at
   * least one live consumer has the key, but later ones may not get it.
   */
  ANY
}
