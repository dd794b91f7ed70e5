package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Failed attempts are throttled per token and per client address; addresses that already used the token keep
 * working. The test server allows 8 failures per token and 15 per address within a minute.
 */
@KeycloakIT
class ThrottleIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("throttle");
        alice = realm.login("alice");
    }

    @Test
    void guessingOneTokenFromManyAddressesIsSlowedButItsDeploymentKeepsWorking() {
        Reply token = realm.createToken(alice, Map.of("name", "target"));
        Reply other = realm.createToken(alice, Map.of("name", "other"));
        assertEquals(200, realm.exchangeFrom("192.0.2.10", token.text("client_id"), token.text("token")).status());

        for (int i = 0; i < 8; i++) {
            assertEquals(401, realm.exchangeFrom("198.51.100." + (i + 1), token.text("client_id"), other.text("token")).status());
        }

        assertEquals(401, realm.exchangeFrom("198.51.100.99", token.text("client_id"), token.text("token")).status(),
                "even the right secret from a new address is refused while the token is under attack");
        assertEquals("throttled", DenialIT.reason(realm.events("CLIENT_LOGIN_ERROR"), token.text("id")));
        assertEquals(200, realm.exchangeFrom("192.0.2.10", token.text("client_id"), token.text("token")).status(),
                "the address that used the token before is not locked out");
        assertEquals(200, realm.exchangeFrom("198.51.100.99", other.text("client_id"), other.text("token")).status(),
                "other tokens are unaffected");
    }

    @Test
    void oneAddressGuessingManyTokensIsSlowed() {
        String attacker = "203.0.113.66";
        Reply decoy = realm.createToken(alice, Map.of("name", "decoy"));
        for (int i = 0; i < 15; i++) {
            Reply victim = i % 5 == 0 ? realm.createToken(alice, Map.of("name", "victim " + i)) : null;
            String clientId = victim != null ? victim.text("client_id") : lastVictim;
            lastVictim = clientId;
            assertEquals(401, realm.exchangeFrom(attacker, clientId, decoy.text("token")).status());
        }
        Reply fresh = realm.createToken(alice, Map.of("name", "fresh"));

        assertEquals(401, realm.exchangeFrom(attacker, fresh.text("client_id"), fresh.text("token")).status());
        assertEquals(200, realm.exchangeFrom("203.0.113.67", fresh.text("client_id"), fresh.text("token")).status());
        JsonNode errors = realm.events("CLIENT_LOGIN_ERROR");
        assertEquals("throttled", DenialIT.reason(errors, fresh.text("id")));
        assertEquals(0, StreamSupport.stream(errors.spliterator(), false)
                .filter(e -> decoy.text("id").equals(e.at("/details/api_token_id").asText())).count());
    }

    private static String lastVictim;
}
