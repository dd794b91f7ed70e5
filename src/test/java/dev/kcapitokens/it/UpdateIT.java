package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Updates of name, description and allowed IPs under optimistic locking. */
@KeycloakIT
class UpdateIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("update");
        alice = realm.login("alice");
        realm.confidentialClient("rs", "rs-secret");
        realm.audienceOnScope("members.read", "rs"); // Keycloak 26.7 introspects JWTs only for their audience
    }

    static Reply patch(Reply token, Map<String, Object> body) {
        return realm.api(alice).patchJson("/api/v1/token/" + token.text("id"), body);
    }

    @Test
    void updatesWithTheCurrentVersion() {
        Reply token = realm.createToken(alice, Map.of("name", "before", "description", "old"));

        Reply updated = patch(token, Map.of("version", token.json().get("version").asInt(), "name", "after", "description", "new"));

        assertEquals(200, updated.status(), updated.body());
        assertEquals("after", updated.text("name"));
        assertEquals("new", updated.text("description"));
        assertEquals(token.json().get("version").asInt() + 1, updated.json().get("version").asInt());
        JsonNode client = ApiTokenUserRealm.client(realm, token.text("client_id"));
        assertEquals("after", client.get("name").asText());
        assertEquals("after", realm.adminGet("/users/" + token.text("user_id")).text("firstName"), "the API Token User is renamed too");

        Map<String, Object> clear = new HashMap<>();
        clear.put("version", updated.json().get("version").asInt());
        clear.put("description", null);
        assertEquals(true, patch(token, clear).json().get("description").isNull());
    }

    @Test
    void staleVersionIs409AndChangesNothing() {
        Reply token = realm.createToken(alice, Map.of("name", "contended"));
        int version = token.json().get("version").asInt();
        assertEquals(200, patch(token, Map.of("version", version, "name", "first writer")).status());

        Reply stale = patch(token, Map.of("version", version, "name", "second writer"));

        assertEquals(409, stale.status());
        assertEquals("conflict", stale.text("error"));
        assertEquals("first writer", realm.api(alice).get("/api/v1/token/" + token.text("id")).text("name"));
    }

    @Test
    void versionIsRequired() {
        Reply token = realm.createToken(alice, Map.of("name", "unversioned"));

        Reply reply = patch(token, Map.of("name", "x"));

        assertEquals(400, reply.status());
        assertEquals("version", reply.json().at("/fields/0/field").asText());
    }

    @Test
    void narrowingTheAllowlistTakesEffectAtOnce() {
        Reply token = realm.createToken(alice, Map.of("name", "moving", "allowed_scopes", List.of("members.read"),
                "allowed_ips", List.of("198.51.100.0/24", "203.0.113.0/24")));
        Reply jwt = realm.exchangeFrom("203.0.113.5", token.text("client_id"), token.text("token"));
        assertEquals(200, jwt.status());
        assertTrue(realm.introspect("rs", "rs-secret", jwt.text("access_token")).json().get("active").asBoolean());

        Reply updated = patch(token, Map.of("version", token.json().get("version").asInt(), "allowed_ips", List.of("198.51.100.0/24")));

        assertEquals(List.of("198.51.100.0/24"), ReferenceApiIT.strings(updated.json().get("allowed_ips")));
        assertEquals(401, realm.exchangeFrom("203.0.113.5", token.text("client_id"), token.text("token")).status());
        assertEquals(200, realm.exchangeFrom("198.51.100.5", token.text("client_id"), token.text("token")).status());
        assertEquals("{\"active\":false}", realm.introspect("rs", "rs-secret", jwt.text("access_token")).body(),
                "a JWT issued under the old allowlist is no longer active");
    }

    /** Reads clients through the admin API. */
    static final class ApiTokenUserRealm {
        static JsonNode client(TestRealm realm, String clientId) {
            return realm.adminGet("/clients?clientId=" + clientId).json().get(0);
        }
    }
}
