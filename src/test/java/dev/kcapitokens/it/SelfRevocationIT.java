package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Parallel;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** The holder revokes a token presenting nothing but the token (RFC 7009 semantics). */
@KeycloakIT
class SelfRevocationIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("selfrevoke");
        alice = realm.login("alice");
    }

    @Test
    void holderRevokesWithTheTokenAlone() {
        Reply token = realm.createToken(alice, Map.of("name", "leaked"));

        Reply revoked = realm.api(null).postForm("/revoke", Map.of("token", token.text("token")));

        assertEquals(200, revoked.status());
        assertEquals("", revoked.body());
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + token.text("id")).text("status"));
        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status());
        JsonNode event = StreamSupport.stream(realm.events("REVOKE_GRANT").spliterator(), false)
                .filter(e -> token.text("id").equals(e.at("/details/api_token_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no REVOKE_GRANT event"));
        assertEquals(token.text("user_id"), event.get("userId").asText());
        assertFalse(event.toString().contains(token.text("token")));
    }

    @Test
    void concurrentRevocationsOfOneTokenAllSucceed() throws Exception {
        Reply token = realm.createToken(alice, Map.of("name", "scanned twice"));
        Callable<Reply> revoke = () -> realm.api(null).postForm("/revoke", Map.of("token", token.text("token")));

        for (Reply reply : Parallel.send(Collections.nCopies(12, revoke))) {
            assertEquals(200, reply.status(), reply.body());
        }
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + token.text("id")).text("status"));
    }

    @Test
    void unknownTokensGetTheSameAnswer() {
        Reply reply = realm.api(null).postForm("/revoke", Map.of("token", "kcpat_unknown"));

        assertEquals(200, reply.status());
        assertEquals("", reply.body());
    }

    @Test
    void missingTokenIs400() {
        Reply reply = realm.api(null).postForm("/revoke", Map.of("token_type_hint", "access_token"));

        assertEquals(400, reply.status());
        assertEquals("token", reply.json().at("/fields/0/field").asText());
    }
}
