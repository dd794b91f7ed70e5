package dev.kcapitokens.model.jpa;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last uses not yet written to the database, one entry per token, so that using a token never costs a write of its
 * own. A timer writes the due ones in one transaction per interval; an entry leaves the buffer only once that
 * transaction has committed ({@link #written}), so a failed flush loses nothing and the next one retries it. A token
 * whose last use was written less than {@code resolutionMillis} ago waits (as GitLab does with its last-used time): a
 * busy token costs one row update per resolution period, however often it is used. This node shows the exact last use
 * at once.
 */
class UsageBuffer {

    /** @param address {@code null} when the use has no meaningful client address (introspection) */
    record Usage(long at, String address) {
    }

    private final long resolutionMillis;
    private final Map<String, Usage> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> written = new ConcurrentHashMap<>();

    UsageBuffer(long resolutionMillis) {
        this.resolutionMillis = resolutionMillis;
    }

    void record(String tokenId, long at, String address) {
        pending.merge(tokenId, new Usage(at, address), UsageBuffer::newer);
    }

    private static Usage newer(Usage old, Usage now) {
        return now.address() == null && old.address() != null
                ? new Usage(Math.max(old.at(), now.at()), old.address())
                : now.at() >= old.at() ? now : old;
    }

    Usage pending(String tokenId) {
        return pending.get(tokenId);
    }

    /** The uses due for writing, left in the buffer: those of tokens not written within the resolution period. */
    Map<String, Usage> due(long now) {
        written.values().removeIf(at -> now - at >= resolutionMillis);
        Map<String, Usage> due = new HashMap<>();
        pending.forEach((tokenId, usage) -> {
            if (!written.containsKey(tokenId)) {
                due.put(tokenId, usage);
            }
        });
        return due;
    }

    /** Everything pending, whatever the resolution: on shutdown. */
    Map<String, Usage> all() {
        return new HashMap<>(pending);
    }

    /**
     * After the transaction that wrote {@code flushed} committed: those entries leave the buffer, unless a newer use
     * came meanwhile, which stays pending.
     */
    void written(Map<String, Usage> flushed, long now) {
        flushed.forEach((tokenId, usage) -> {
            pending.remove(tokenId, usage);
            written.put(tokenId, now);
        });
    }

    void forget(String tokenId) {
        pending.remove(tokenId);
        written.remove(tokenId);
    }
}
