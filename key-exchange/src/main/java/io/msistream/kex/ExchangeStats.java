package io.msistream.kex;

/**
 * Management traffic of a runtime since it started (record key + value bytes).
 *
 * @param requestsSent key-request records written (to {@code R.subs} and {@code R.reqs})
 * @param requestBytes their bytes
 * @param repliesSent key-reply records written to {@code R.keys}
 * @param replyBytes their bytes
 * @param repliesOpened replies to our requests that delivered keys
 * @param repliesOpenedBytes their bytes
 * @param relaysSent requests relayed by this controller
 * @param dropped management records refused (malformed, invalid, replayed)
 */
public record ExchangeStats(long requestsSent, long requestBytes, long repliesSent,
    long replyBytes, long repliesOpened, long repliesOpenedBytes, long relaysSent, long dropped) {}
