package dev.kcapitokens.authenticator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private static final long WINDOW_SECONDS = 60;

    /** The clustered store, as a map whose entries expire on a clock the test moves. */
    static final class Store implements FailureStore {
        long nowMillis = 1_000_000;
        final Map<String, Long> expiries = new HashMap<>();

        @Override
        public boolean putIfAbsent(String key, long lifespanSeconds) {
            if (contains(key)) {
                return false;
            }
            expiries.put(key, nowMillis + lifespanSeconds * 1000);
            return true;
        }

        @Override
        public boolean contains(String key) {
            Long until = expiries.get(key);
            return until != null && until > nowMillis;
        }

        long live() {
            return expiries.values().stream().filter(until -> until > nowMillis).count();
        }
    }

    private final Store store = new Store();
    private final FailureThrottle throttle = new FailureThrottle(3, 10, WINDOW_SECONDS, 3_600);

    /** An attempt as the authenticator makes it: refused when blocked, else a failure or a success. */
    private boolean attempt(FailureThrottle on, Store in, String token, String address, boolean rightSecret) {
        if (on.blocked(in, token, address, in.nowMillis)) {
            return false;
        }
        if (rightSecret) {
            on.success(in, token, address, in.nowMillis);
        } else {
            on.failure(in, token, address);
        }
        return rightSecret;
    }

    @Test
    void anAddressIsRefusedForATokenAfterTooManyFailures() {
        for (int i = 0; i < 3; i++) {
            assertFalse(throttle.blocked(store, "t1", "198.51.100.1", store.nowMillis));
            throttle.failure(store, "t1", "198.51.100.1");
        }
        assertTrue(throttle.blocked(store, "t1", "198.51.100.1", store.nowMillis), "even with the right secret");
        assertFalse(throttle.blocked(store, "t2", "198.51.100.1", store.nowMillis), "other tokens are unaffected");

        store.nowMillis += WINDOW_SECONDS * 1000;
        assertFalse(throttle.blocked(store, "t1", "198.51.100.1", store.nowMillis), "until the window ends");
    }

    @Test
    void anAttackerFromOneAddressNeverKeepsTheHolderOut() {
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i < 30; i++) {
                attempt(throttle, store, "t1", "203.0.113.66", false);
            }
            assertTrue(attempt(throttle, store, "t1", "192.0.2." + (10 + minute), true), "the holder, from a new address, minute " + minute);
            store.nowMillis += 60_000;
        }
    }

    @Test
    void underBackOffEachNewAddressGetsOneFailure() {
        for (int i = 0; i < 10; i++) {
            attempt(throttle, store, "t1", "198.51.100." + i, false);
        }
        // ten failures from ten addresses: the token is under back-off for the rest of the window
        assertFalse(attempt(throttle, store, "t1", "203.0.113.1", false));
        assertTrue(throttle.blocked(store, "t1", "203.0.113.1", store.nowMillis), "one failure under back-off is enough");
        assertTrue(attempt(throttle, store, "t1", "192.0.2.200", true), "an address that has not failed still gets in");
    }

    @Test
    void underBackOffAnAddressIsRefusedOnlyForItsOwnFailure() {
        for (int i = 0; i < 10; i++) {
            attempt(throttle, store, "t1", "198.51.100." + i, false);
        }
        String sprayed = "203.0.113.7";
        assertFalse(attempt(throttle, store, "t1", sprayed, false));
        String sameBucket = sameBucketAs(sprayed);
        assertFalse(sameBucket.equals(sprayed));
        assertTrue(attempt(throttle, store, "t1", sameBucket, true), "the holder shares a bucket with a failed address, and gets in");
        assertTrue(throttle.blocked(store, "t1", sprayed, store.nowMillis), "the address that failed is refused");
    }

    /** An address other than {@code address} that lands in the same back-off bucket. */
    private static String sameBucketAs(String address) {
        int bucket = Math.floorMod(address.hashCode(), FailureThrottle.BACKOFF_BUCKETS);
        for (int i = 0; ; i++) {
            String candidate = "10.9." + (i >> 8) + "." + (i & 255);
            if (Math.floorMod(candidate.hashCode(), FailureThrottle.BACKOFF_BUCKETS) == bucket) {
                return candidate;
            }
        }
    }

    @Test
    void knownGoodAddressesKeepWorking() {
        throttle.success(store, "t1", "192.0.2.10", store.nowMillis);
        for (int i = 0; i < 20; i++) {
            throttle.failure(store, "t1", "192.0.2.10");
        }
        assertFalse(throttle.blocked(store, "t1", "192.0.2.10", store.nowMillis));
    }

    @Test
    void theCountsAreSharedByEveryNode() {
        FailureThrottle node1 = throttle;
        FailureThrottle node2 = new FailureThrottle(3, 10, WINDOW_SECONDS, 3_600);
        attempt(node1, store, "t1", "198.51.100.7", false);
        attempt(node2, store, "t1", "198.51.100.7", false);
        attempt(node1, store, "t1", "198.51.100.7", false);

        assertTrue(node2.blocked(store, "t1", "198.51.100.7", store.nowMillis), "three failures across two nodes");
        node2.success(store, "t1", "192.0.2.1", store.nowMillis);
        for (int i = 0; i < 3; i++) {
            node1.failure(store, "t1", "192.0.2.1");
        }
        assertFalse(node1.blocked(store, "t1", "192.0.2.1", store.nowMillis), "an address known on node 2 is known on node 1");
    }

    @Test
    void aMillionFailingAddressesCostBoundedMarks() {
        for (int i = 0; i < 1_000_000; i++) {
            attempt(throttle, store, "t1", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), false);
        }
        assertTrue(store.live() <= 3L * 10 + 10 + 2L * FailureThrottle.BACKOFF_BUCKETS, store.live() + " marks");
        assertTrue(attempt(throttle, store, "t1", "192.0.2.99", true), "and the holder, from a new address, still gets in");
    }
}
