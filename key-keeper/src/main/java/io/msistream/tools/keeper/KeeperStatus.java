package io.msistream.tools.keeper;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a running keeper, for the status line ({@code --update_seconds} and {@code c}).
 *
 * @param nodeId the keeper's node
 * @param roots the roots it serves
 * @param keysHeld keys held per root
 * @param keysWanted key indices seen in records but not received yet
 * @param requestsAnswered key requests it answered (replies acknowledged by the broker)
 * @param keysServed keys in those replies
 * @param keysAcquired keys it received since it started
 * @param recordsRead data records read since it started
 */
public record KeeperStatus(String nodeId, List<String> roots, Map<String, Integer> keysHeld,
    int keysWanted, long requestsAnswered, long keysServed, long keysAcquired, long recordsRead) {

  public KeeperStatus {
    roots = List.copyOf(roots);
    keysHeld = java.util.Collections.unmodifiableMap(new TreeMap<>(keysHeld));
  }

  /** All keys held. */
  public int totalKeysHeld() {
    return keysHeld.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** One line for the log. */
  public String line() {
    return "Key keeper " + nodeId + ": roots " + roots + "; " + totalKeysHeld() + " key(s) held "
        + keysHeld + ", " + keysWanted + " wanted; " + requestsAnswered + " request(s) answered ("
        + keysServed + " key(s) served); " + keysAcquired + " key(s) acquired and " + recordsRead
        + " record(s) read since start";
  }
}
