package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * The time and address of the last use show in the token at once, without changing it. That they reach the table in
 * periodic batch writes, never one write per use, is proven against the database itself in {@link DatabaseIT}.
 */
@KeycloakIT
class LastUsedIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("lastused");
        alice = realm.login("alice");
    }

    @Test
    void lastUseShowsWhenAndFromWhere() {
        Reply token = realm.createToken(alice, Map.of("name", "used"));
        JsonNode fresh = realm.api(alice).get("/api/v1/token/" + token.text("id")).json();
        assertTrue(fresh.get("last_used_at").isNull());

        Instant before = Instant.now().minusSeconds(1);
        assertEquals(200, realm.exchangeFrom("192.0.2.55", token.text("client_id"), token.text("token")).status());

        JsonNode used = realm.api(alice).get("/api/v1/token/" + token.text("id")).json();
        assertEquals("192.0.2.55", used.get("last_used_ip").asText());
        Instant at = Instant.parse(used.get("last_used_at").asText());
        assertTrue(!at.isBefore(before) && at.isBefore(Instant.now().plusSeconds(1)), at.toString());

        assertEquals(token.json().get("version"), used.get("version"), "recording a use is not an update of the token");
    }
}
