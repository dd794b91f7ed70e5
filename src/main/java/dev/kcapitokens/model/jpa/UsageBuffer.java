package dev.kcapitokens.model.jpa;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last uses not yet written to the database, one entry per token, so that using a token never costs a write of its
 * own: a timer writes them in one transaction per interval.
 */
class UsageBuffer {

    /** @param address {@code null} when the use has no meaningful client address (introspection) */
    record Usage(long at, String address) {
    }

    private final Map<String, Usage> pending = new ConcurrentHashMap<>();

    void record(String tokenId, long at, String address) {
        pending.merge(tokenId, new Usage(at, address), (old, now) -> now.address() == null && old.address() != null
                ? new Usage(Math.max(old.at(), now.at()), old.address())
                : now.at() >= old.at() ? now : old);
    }

    Usage pending(String tokenId) {
        return pending.get(tokenId);
    }

    /** Removes and returns everything pending. */
    Map<String, Usage> drain() {
        Map<String, Usage> drained = new java.util.HashMap<>();
        for (String tokenId : pending.keySet()) {
            Usage usage = pending.remove(tokenId);
            if (usage != null) {
                drained.put(tokenId, usage);
            }
        }
        return drained;
    }

    void forget(String tokenId) {
        pending.remove(tokenId);
    }
}
