package dev.kcapitokens.authenticator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down secret guessing without ever letting an attacker lock the holder out, with counts that hold across the
 * cluster and memory that stays bounded however many addresses fail. The marks live in a {@link FailureStore}; this
 * class is the pure logic, and the caller passes the clock.
 *
 * <ul>
 *   <li><b>Per token and address</b>: after {@code maxPerAddress} failures from one address on one token within a
 *   window, that address is refused for that token until the window ends. Refused attempts are not failures, so one
 *   address can never push the token's own count further.</li>
 *   <li><b>Per token, slower</b>: after {@code maxPerToken} failures on a token within a window, from any addresses,
 *   the token is under back-off for the rest of the window: an address that fails once on it is refused from then on.
 *   Only an address's own failure refuses it, so the holder, arriving from a new address with the right secret,
 *   always gets in, however many addresses an attacker sprays. To keep memory bounded, such a refusal is held for at
 *   most one address per hashed bucket ({@code BACKOFF_BUCKETS} per token): the first address to fail in a bucket
 *   claims it, and later failing addresses of a claimed bucket are examined every time (a wrong secret is still
 *   refused, with an event). Under a spray of distinct addresses the secret's 190 bits, not the throttle, stop
 *   guessing; the throttle keeps the holder in and the memory bounded.</li>
 *   <li>Neither applies to an address that used the token successfully within {@code knownAddressSeconds}: a
 *   deployment that already works keeps working. Known addresses are marked cluster-wide, and remembered on each node
 *   in a bounded map so that the common case, a known address using its token, reads nothing remote.</li>
 *   <li>Successful uses are never counted.</li>
 * </ul>
 * Every mark is a store entry that expires by itself: per attacked token at most {@code maxPerToken} per-address and
 * per-token marks each, plus two per bucket ({@code BACKOFF_BUCKETS}). Checks and marks are not one atomic step, so
 * requests in flight at the same moment may exceed a limit by their number; sequential attempts, on any nodes, never
 * do.
 */
public final class FailureThrottle {

    static final int BACKOFF_BUCKETS = 256;
    private static final int KNOWN_ON_THIS_NODE = 10_000;

    private final int maxPerAddress;
    private final int maxPerToken;
    private final long windowSeconds;
    private final long knownAddressSeconds;
    /** Token and address pairs known good, with the time they stop being so; a cache of what the store says. */
    private final Map<String, Long> knownHere = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > KNOWN_ON_THIS_NODE;
        }
    };

    public FailureThrottle(int maxPerAddress, int maxPerToken, long windowSeconds, long knownAddressSeconds) {
        this.maxPerAddress = maxPerAddress;
        this.maxPerToken = maxPerToken;
        this.windowSeconds = windowSeconds;
        this.knownAddressSeconds = knownAddressSeconds;
    }

    /** Whether an attempt on the token from the address is refused before its secret is even looked at. */
    public boolean blocked(FailureStore store, String tokenId, String address, long nowMillis) {
        if (known(store, tokenId, address, nowMillis)) {
            return false;
        }
        if (store.contains(slot(perAddress(tokenId, address), maxPerAddress))) {
            return true;
        }
        return store.contains(refusedUnderBackoff(tokenId, address));
    }

    /** A failed attempt that was not refused by {@link #blocked}. */
    public void failure(FailureStore store, String tokenId, String address) {
        if (underBackoff(store, tokenId)) {
            if (store.putIfAbsent(bucket(tokenId, address), windowSeconds)) {
                store.putIfAbsent(refusedUnderBackoff(tokenId, address), windowSeconds);
            }
            return;
        }
        take(store, perAddress(tokenId, address), maxPerAddress);
        take(store, perToken(tokenId), maxPerToken);
    }

    public void success(FailureStore store, String tokenId, String address, long nowMillis) {
        if (knownHere(tokenId, address, nowMillis)) {
            return;
        }
        store.putIfAbsent(known(tokenId, address), knownAddressSeconds);
        remember(tokenId, address, nowMillis + knownAddressSeconds * 1000);
    }

    private boolean known(FailureStore store, String tokenId, String address, long nowMillis) {
        if (knownHere(tokenId, address, nowMillis)) {
            return true;
        }
        if (store.contains(known(tokenId, address))) {
            // another node's mark: its exact expiry is not known here, so remember it for one window only
            remember(tokenId, address, nowMillis + Math.min(knownAddressSeconds, windowSeconds) * 1000);
            return true;
        }
        return false;
    }

    private boolean knownHere(String tokenId, String address, long nowMillis) {
        synchronized (knownHere) {
            Long until = knownHere.get(tokenId + '|' + address);
            return until != null && until > nowMillis;
        }
    }

    private void remember(String tokenId, String address, long untilMillis) {
        synchronized (knownHere) {
            knownHere.put(tokenId + '|' + address, untilMillis);
        }
    }

    private boolean underBackoff(FailureStore store, String tokenId) {
        return store.contains(slot(perToken(tokenId), maxPerToken));
    }

    /** Counts one more within the window: the first free of the slots 1..max, atomically; nothing when all are taken. */
    private void take(FailureStore store, String counter, int max) {
        for (int i = 1; i <= max; i++) {
            String slot = slot(counter, i);
            if (!store.contains(slot) && store.putIfAbsent(slot, windowSeconds)) {
                return;
            }
        }
    }

    private static String slot(String counter, int i) {
        return counter + ':' + i;
    }

    private static String perAddress(String tokenId, String address) {
        return "a:" + tokenId + ':' + address;
    }

    private static String perToken(String tokenId) {
        return "t:" + tokenId;
    }

    private static String bucket(String tokenId, String address) {
        return "b:" + tokenId + ':' + Math.floorMod(address.hashCode(), BACKOFF_BUCKETS);
    }

    private static String refusedUnderBackoff(String tokenId, String address) {
        return "r:" + tokenId + ':' + address;
    }

    private static String known(String tokenId, String address) {
        return "k:" + tokenId + ':' + address;
    }
}
