package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Jwt;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Adding a scope, removing one and removing all, reflected in the next JWT. */
@KeycloakIT
class ScopesIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("scopes");
        alice = realm.login("alice");
        realm.confidentialClient("rs", "rs-secret");
        realm.audienceOnScope("members.read", "rs"); // Keycloak 26.7 introspects JWTs only for their audience
    }

    static Set<String> jwtScopes(Reply token) {
        Reply exchanged = realm.exchange(token.text("client_id"), token.text("token"));
        assertEquals(200, exchanged.status(), exchanged.body());
        String scope = Jwt.claims(exchanged.text("access_token")).path("scope").asText();
        return scope.isEmpty() ? Set.of() : Set.of(scope.split(" "));
    }

    @Test
    void addRemoveOneAndRemoveAll() {
        Reply token = realm.createToken(alice, Map.of("name", "evolving", "allowed_scopes", List.of("members.read")));
        String path = "/api/v1/token/" + token.text("id") + "/scopes";

        Reply added = realm.api(alice).postJson(path, Map.of("allowed_scopes", List.of("groups.read", "devices.read")));
        assertEquals(200, added.status(), added.body());
        assertEquals(Set.of("members.read", "groups.read", "devices.read"), jwtScopes(token));
        assertEquals(Set.of("members.read", "groups.read", "devices.read"),
                Set.copyOf(ReferenceApiIT.strings(realm.api(alice).get(path).json().get("allowed_scopes"))));

        String jwtBeforeRemoval = realm.exchange(token.text("client_id"), token.text("token")).text("access_token");
        assertTrue(realm.introspect("rs", "rs-secret", jwtBeforeRemoval).json().get("active").asBoolean());
        assertEquals(200, realm.api(alice).delete(path + "/groups.read").status());
        assertEquals(Set.of("members.read", "devices.read"), jwtScopes(token));
        assertEquals("{\"active\":false}", realm.introspect("rs", "rs-secret", jwtBeforeRemoval).body(),
                "a JWT that still carries the removed scope stops introspecting");

        assertEquals(200, realm.api(alice).delete(path).status());
        assertEquals(Set.of(), jwtScopes(token));
    }

    @Test
    void addingFollowsTheRulesOfCreation() {
        Reply token = realm.createToken(alice, Map.of("name", "strict", "allowed_scopes", List.of("members.read")));
        String path = "/api/v1/token/" + token.text("id") + "/scopes";

        assertEquals(400, realm.api(alice).postJson(path, Map.of("allowed_scopes", List.of("members.read"))).status(), "already granted");
        assertEquals(400, realm.api(alice).postJson(path, Map.of("allowed_scopes", List.of("nope.read"))).status(), "unknown");
        assertEquals(400, realm.api(alice).postJson(path, Map.of()).status(), "nothing to add");
        assertEquals(400, realm.api(alice).postJson(path, Map.of("allowed_scopes", List.of())).status(), "an empty list");
        Reply escalation = realm.api(alice).postJson(path, Map.of("allowed_scopes", List.of("admin-logs.read")));
        assertEquals(403, escalation.status(), "alice lacks the auditor role");
        assertEquals(404, realm.api(alice).delete(path + "/groups.read").status(), "not granted");
        assertEquals(Set.of("members.read"), jwtScopes(token));
    }

    @Test
    void anotherPersonCannotTouchTheScopes() {
        Reply token = realm.createToken(alice, Map.of("name", "private", "allowed_scopes", List.of("members.read")));
        String bob = realm.login("bob");

        assertEquals(404, realm.api(bob).postJson("/api/v1/token/" + token.text("id") + "/scopes",
                Map.of("allowed_scopes", List.of("groups.read"))).status());
        assertFalse(jwtScopes(token).contains("groups.read"));
    }
}
