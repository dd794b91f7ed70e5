package dev.kcapitokens.authenticator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private static final long WINDOW = 60_000;
    private final FailureThrottle throttle = new FailureThrottle(5, 3, WINDOW, 3_600_000);

    @Test
    void tokenIsThrottledAfterTooManyFailures() {
        long now = 1_000_000;
        for (int i = 0; i < 3; i++) {
            assertFalse(throttle.blocked("t1", "198.51.100." + i, now));
            throttle.failure("t1", "198.51.100." + i, now);
        }
        assertTrue(throttle.blocked("t1", "198.51.100.99", now), "a fresh address is refused once the token is under attack");
        assertFalse(throttle.blocked("t2", "198.51.100.99", now), "other tokens are unaffected");
    }

    @Test
    void addressIsThrottledAcrossTokens() {
        long now = 1_000_000;
        for (int i = 0; i < 5; i++) {
            throttle.failure("token-" + i, "203.0.113.7", now);
        }
        assertTrue(throttle.blocked("token-new", "203.0.113.7", now));
        assertFalse(throttle.blocked("token-new", "203.0.113.8", now));
    }

    @Test
    void secretsMatchingNoTokenCountPerAddressOnly() {
        long now = 1_000_000;
        for (int i = 0; i < 5; i++) {
            assertFalse(throttle.blocked(null, "203.0.113.9", now));
            throttle.failure(null, "203.0.113.9", now);
        }
        assertTrue(throttle.blocked(null, "203.0.113.9", now), "guessing secrets alone is slowed per address");
        assertTrue(throttle.blocked("t1", "203.0.113.9", now), "and counts against the address for real tokens too");
        assertFalse(throttle.blocked(null, "203.0.113.10", now));
        assertFalse(throttle.blocked("t1", "203.0.113.10", now), "no token was charged");
    }

    @Test
    void knownGoodAddressesKeepWorking() {
        long now = 1_000_000;
        throttle.success("t1", "192.0.2.10", now);
        for (int i = 0; i < 10; i++) {
            throttle.failure("t1", "192.0.2.10", now + 1);
        }
        assertFalse(throttle.blocked("t1", "192.0.2.10", now + 2), "a deployment that used the token keeps using it");
        assertTrue(throttle.blocked("t1", "192.0.2.11", now + 2));
    }

    @Test
    void successesAreNeverCounted() {
        long now = 1_000_000;
        for (int i = 0; i < 1000; i++) {
            throttle.success("t1", "192.0.2." + (i % 200), now + i);
        }
        assertFalse(throttle.blocked("t1", "192.0.2.250", now + 1000));
    }

    @Test
    void windowExpires() {
        long now = 1_000_000;
        for (int i = 0; i < 3; i++) {
            throttle.failure("t1", "198.51.100.1", now);
        }
        assertTrue(throttle.blocked("t1", "198.51.100.2", now + WINDOW - 1));
        assertFalse(throttle.blocked("t1", "198.51.100.2", now + WINDOW));
    }

    @Test
    void knownAddressesAreForgottenAfterAWhile() {
        long now = 1_000_000;
        throttle.success("t1", "192.0.2.10", now);
        long later = now + 3_600_001;
        for (int i = 0; i < 3; i++) {
            throttle.failure("t1", "198.51.100.1", later);
        }
        assertTrue(throttle.blocked("t1", "192.0.2.10", later));
    }
}
