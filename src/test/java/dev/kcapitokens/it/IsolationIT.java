package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** A token of one realm is invisible from another, and one person's token is invisible to another person. */
@KeycloakIT
class IsolationIT {

    static TestRealm realmA;
    static TestRealm realmB;
    static String aliceA;
    static String bobA;
    static String carolB;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realmA = keycloak.newRealm("iso-a");
        realmB = keycloak.newRealm("iso-b");
        aliceA = realmA.login("alice");
        bobA = realmA.login("bob");
        carolB = realmB.login("carol");
    }

    @Test
    void tokenOfOneRealmIsUnknownInAnother() {
        Reply token = realmA.createToken(aliceA, Map.of("name", "realm a"));
        String id = token.text("id");

        assertEquals(404, realmB.api(carolB).get("/api/v1/token/" + id).status());
        assertEquals(404, realmB.api(carolB).delete("/api/v1/token/" + id).status());
        assertFalse(realmB.api(carolB).get("/api/v1/tokens").body().contains(id));
        assertEquals(401, realmB.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals("active", realmA.api(aliceA).get("/api/v1/token/" + id).text("status"));
    }

    @Test
    void bearerTokenOfAnotherRealmIsRefused() {
        Reply reply = realmA.api(carolB).get("/api/v1/tokens");

        assertEquals(401, reply.status());
        assertEquals("invalid_token", reply.text("error"));
    }

    @Test
    void anotherPersonsTokenIsNotFound() {
        String id = realmA.createToken(aliceA, Map.of("name", "alice only")).text("id");

        assertEquals(404, realmA.api(bobA).get("/api/v1/token/" + id).status());
        assertEquals(404, realmA.api(bobA).delete("/api/v1/token/" + id).status());
        assertFalse(realmA.api(bobA).get("/api/v1/tokens").body().contains(id));
        assertEquals("active", realmA.api(aliceA).get("/api/v1/token/" + id).text("status"), "bob's DELETE changed nothing");
    }
}
