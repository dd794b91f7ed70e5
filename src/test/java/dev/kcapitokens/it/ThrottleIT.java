package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Failed attempts are throttled per token and address, with a slower back-off per token; nobody who knows only a
 * token's client_id can keep its holder out. The test server allows 5 failures per token and address, and 12 per
 * token, within a minute.
 */
@KeycloakIT
class ThrottleIT {

    static final int PER_ADDRESS = 5;
    static final int PER_TOKEN = 12;

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("throttle");
        alice = realm.login("alice");
    }

    static long throttledEvents(Reply token) {
        return realm.tokenDenials(token, "throttled"::equals);
    }

    @Test
    void anAttackerWhoKnowsOnlyTheClientIdCannotKeepTheHolderOut() {
        Reply token = realm.createToken(alice, Map.of("name", "target"));
        Reply other = realm.createToken(alice, Map.of("name", "other"));
        String attacker = "203.0.113.66";

        for (int i = 0; i < 30; i++) { // 30 wrong secrets within a minute, from one address
            assertEquals(401, realm.exchangeFrom(attacker, token.text("client_id"), other.text("token")).status());
        }

        assertEquals(401, realm.exchangeFrom(attacker, token.text("client_id"), token.text("token")).status(),
                "the guessing address is refused, even with the right secret");
        assertEquals(30 - PER_ADDRESS + 1, throttledEvents(token), "every attempt beyond the limit is refused unexamined");
        assertEquals(200, realm.exchangeFrom("192.0.2.77", token.text("client_id"), token.text("token")).status(),
                "the holder, from an address the token never saw, gets in at once");
        assertEquals(200, realm.exchangeFrom(attacker, other.text("client_id"), other.text("token")).status(),
                "the limit is per token: the attacker's address still works for tokens it did not guess at");
    }

    @Test
    void guessingFromManyAddressesPutsTheTokenUnderBackOffWithoutLockingOutNewAddresses() {
        Reply token = realm.createToken(alice, Map.of("name", "sprayed"));
        Reply other = realm.createToken(alice, Map.of("name", "wrong key"));
        assertEquals(200, realm.exchangeFrom("192.0.2.10", token.text("client_id"), token.text("token")).status());

        for (int i = 0; i < PER_TOKEN; i++) {
            assertEquals(401, realm.exchangeFrom("198.51.100." + (i + 1), token.text("client_id"), other.text("token")).status());
        }
        // under back-off: one failure is enough to refuse an address for the rest of the window
        assertEquals(401, realm.exchangeFrom("198.51.100.200", token.text("client_id"), other.text("token")).status());
        assertEquals(401, realm.exchangeFrom("198.51.100.200", token.text("client_id"), token.text("token")).status());

        assertEquals(200, realm.exchangeFrom("192.0.2.78", token.text("client_id"), token.text("token")).status(),
                "an address that never failed gets in");
        assertEquals(200, realm.exchangeFrom(sameBackoffBucketAs("198.51.100.200"), token.text("client_id"), token.text("token")).status(),
                "also one that shares a back-off bucket with the address that failed: only an address's own failure refuses it");
        assertEquals(200, realm.exchangeFrom("192.0.2.10", token.text("client_id"), token.text("token")).status(),
                "and so does the address that used the token before");
    }

    /** Another address in the same of the 256 back-off buckets ({@code FailureThrottle}: the address's hash code). */
    static String sameBackoffBucketAs(String address) {
        int bucket = Math.floorMod(address.hashCode(), 256);
        for (int i = 0; ; i++) {
            String candidate = "10.9." + (i >> 8) + "." + (i & 255);
            if (!candidate.equals(address) && Math.floorMod(candidate.hashCode(), 256) == bucket) {
                return candidate;
            }
        }
    }

    @Test
    void aKnownAddressIsNeverThrottled() {
        Reply token = realm.createToken(alice, Map.of("name", "busy"));
        Reply other = realm.createToken(alice, Map.of("name", "typo"));
        String ci = "192.0.2.90";
        assertEquals(200, realm.exchangeFrom(ci, token.text("client_id"), token.text("token")).status());

        for (int i = 0; i < PER_ADDRESS * 2; i++) { // e.g. a deployment that rolled out a wrong secret for a while
            assertEquals(401, realm.exchangeFrom(ci, token.text("client_id"), other.text("token")).status());
        }

        assertEquals(200, realm.exchangeFrom(ci, token.text("client_id"), token.text("token")).status());
        assertEquals(0, throttledEvents(token));
    }
}
