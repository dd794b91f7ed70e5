package dev.kcapitokens.model.jpa;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last uses not yet written to the database, one entry per token, so that using a token never costs a write of its
 * own. A timer writes them in one transaction per interval, and a token whose last use was written less than
 * {@code resolutionMillis} ago waits (as GitLab does with its last-used time): a busy token costs one row update per
 * resolution period, however often it is used. This node shows the exact last use at once.
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
        pending.merge(tokenId, new Usage(at, address), (old, now) -> now.address() == null && old.address() != null
                ? new Usage(Math.max(old.at(), now.at()), old.address())
                : now.at() >= old.at() ? now : old);
    }

    Usage pending(String tokenId) {
        return pending.get(tokenId);
    }

    /** Removes and returns the uses due for writing: those of tokens not written within the resolution period. */
    Map<String, Usage> drainDue(long now) {
        written.values().removeIf(at -> now - at >= resolutionMillis);
        Map<String, Usage> due = new HashMap<>();
        for (Iterator<String> ids = pending.keySet().iterator(); ids.hasNext(); ) {
            String tokenId = ids.next();
            if (!written.containsKey(tokenId)) {
                Usage usage = pending.remove(tokenId);
                if (usage != null) {
                    due.put(tokenId, usage);
                    written.put(tokenId, now);
                }
            }
        }
        return due;
    }

    /** Everything pending, whatever the resolution: on shutdown. */
    Map<String, Usage> drainAll() {
        Map<String, Usage> all = new HashMap<>();
        for (String tokenId : pending.keySet()) {
            Usage usage = pending.remove(tokenId);
            if (usage != null) {
                all.put(tokenId, usage);
            }
        }
        return all;
    }

    void forget(String tokenId) {
        pending.remove(tokenId);
        written.remove(tokenId);
    }
}
