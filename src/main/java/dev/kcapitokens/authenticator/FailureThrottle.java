package dev.kcapitokens.authenticator;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down secret guessing without locking out legitimate use. Pure logic; the caller passes the clock.
 *
 * <ul>
 *   <li>Per client address: after {@code maxPerAddress} failed attempts within a window, attempts from that address
 *   are refused until the window ends.</li>
 *   <li>Per token: after {@code maxPerToken} failed attempts within a window, attempts on that token are refused until
 *   the window ends.</li>
 *   <li>Neither applies to an address that used the token successfully within {@code knownAddressMillis}: a deployment
 *   that already works keeps working while an attacker, even behind the same NAT address, is slowed.</li>
 *   <li>Successful uses are never counted.</li>
 * </ul>
 * A {@code tokenId} of {@code null} (a secret that matches no token) counts and is checked per address only.
 * One instance per node, owned by the client authenticator's factory ({@link ApiTokenClientAuthenticator#throttle}),
 * shared by every place a holder presents a secret.
 */
public final class FailureThrottle {

    /** Above this many tracked keys, expired windows are swept on the next failure. */
    private static final int SWEEP_THRESHOLD = 10_000;
    private static final int GOOD_ADDRESSES_PER_TOKEN = 32;

    private record Window(long start, int failures) {
    }

    private final int maxPerAddress;
    private final int maxPerToken;
    private final long windowMillis;
    private final long knownAddressMillis;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Window> byToken = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> goodAddresses = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    FailureThrottle(int maxPerAddress, int maxPerToken, long windowMillis, long knownAddressMillis) {
        this.maxPerAddress = maxPerAddress;
        this.maxPerToken = maxPerToken;
        this.windowMillis = windowMillis;
        this.knownAddressMillis = knownAddressMillis;
    }

    public boolean blocked(String tokenId, String address, long now) {
        boolean exceeded = exceeded(byAddress.get(address), maxPerAddress, now)
                || tokenId != null && exceeded(byToken.get(tokenId), maxPerToken, now);
        if (!exceeded) {
            return false;
        }
        Map<String, Long> good = tokenId == null ? null : goodAddresses.get(tokenId);
        Long lastSuccess = good == null ? null : good.get(address);
        return lastSuccess == null || now - lastSuccess > knownAddressMillis;
    }

    public void failure(String tokenId, String address, long now) {
        count(byAddress, address, now);
        if (tokenId != null) {
            count(byToken, tokenId, now);
        }
        if (byAddress.size() + byToken.size() > SWEEP_THRESHOLD) {
            sweep(now);
        }
    }

    public void success(String tokenId, String address, long now) {
        Map<String, Long> good = goodAddresses.computeIfAbsent(tokenId, id -> new ConcurrentHashMap<>());
        if (good.size() >= GOOD_ADDRESSES_PER_TOKEN && !good.containsKey(address)) {
            good.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> good.remove(oldest.getKey()));
        }
        good.put(address, now);
        if (goodAddresses.size() > SWEEP_THRESHOLD * 10) {
            sweep(now);
        }
    }

    private void count(Map<String, Window> windows, String key, long now) {
        windows.compute(key, (k, window) -> window == null || now - window.start() >= windowMillis
                ? new Window(now, 1)
                : new Window(window.start(), window.failures() + 1));
    }

    private boolean exceeded(Window window, int max, long now) {
        return window != null && now - window.start() < windowMillis && window.failures() >= max;
    }

    /** Drops expired entries; at most once per window, so that a flood of failures cannot make every failure a full scan. */
    private void sweep(long now) {
        if (now - lastSweep < windowMillis) {
            return;
        }
        lastSweep = now;
        for (Map<String, Window> windows : List.of(byAddress, byToken)) {
            Iterator<Window> it = windows.values().iterator();
            while (it.hasNext()) {
                if (now - it.next().start() >= windowMillis) {
                    it.remove();
                }
            }
        }
        goodAddresses.values().forEach(good -> good.values().removeIf(at -> now - at > knownAddressMillis));
        goodAddresses.values().removeIf(Map::isEmpty);
    }
}
