package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
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
import dev.kcapitokens.model.TokenSecrets;

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
    void unknownTokensGetTheSameAnswerAndChangeNothing() {
        Reply bystander = realm.createToken(alice, Map.of("name", "bystander"));
        String unknown = TokenSecrets.generate(new SecureRandom()); // well formed, checksum and all: it reaches the lookup
        assertTrue(TokenSecrets.isWellFormed(unknown));
        Reply known = realm.createToken(alice, Map.of("name", "known"));

        Reply forUnknown = realm.api(null).postForm("/revoke", Map.of("token", unknown));
        Reply forKnown = realm.api(null).postForm("/revoke", Map.of("token", known.text("token")));

        assertEquals(200, forUnknown.status());
        assertEquals(forKnown.status(), forUnknown.status());
        assertEquals(forKnown.body(), forUnknown.body());
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + known.text("id")).text("status"));
        JsonNode untouched = realm.api(alice).get("/api/v1/token/" + bystander.text("id")).json();
        assertEquals("active", untouched.get("status").asText());
        assertEquals(bystander.json().get("version"), untouched.get("version"));
    }

    @Test
    void missingTokenIs400() {
        Reply reply = realm.api(null).postForm("/revoke", Map.of("token_type_hint", "access_token"));

        assertEquals(400, reply.status());
        assertEquals("token", reply.json().at("/fields/0/field").asText());
    }
}
