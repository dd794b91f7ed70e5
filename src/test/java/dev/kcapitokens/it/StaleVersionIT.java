package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Revoke, regenerate and scope changes take the {@code version} the caller read, as an update does: a stale one is a
 * 409 that changes nothing, the current one works, and leaving it out changes whatever is current.
 */
@KeycloakIT
class StaleVersionIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("stale");
        alice = realm.login("alice");
    }

    /** A token at version 1 after one change, and the version 0 its creator read. */
    static Reply changedOnce(String name) {
        Reply token = realm.createToken(alice, Map.of("name", name, "allowed_scopes", List.of("members.read", "groups.read")));
        assertEquals(0, token.json().get("version").asInt());
        assertEquals(200, realm.api(alice).patchJson(path(token), Map.of("version", 0, "description", "touched")).status());
        return token;
    }

    static String path(Reply token) {
        return "/api/v1/token/" + token.text("id");
    }

    static JsonNode read(Reply token) {
        return realm.api(alice).get(path(token)).json();
    }

    static void assertConflict(Reply reply) {
        assertEquals(409, reply.status(), reply.body());
        assertEquals("conflict", reply.text("error"));
    }

    @Test
    void revoke() {
        Reply token = changedOnce("revoke");

        assertConflict(realm.api(alice).delete(path(token) + "?version=0"));
        assertEquals("active", read(token).get("status").asText());
        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status());

        assertEquals("revoked", realm.api(alice).delete(path(token) + "?version=1").text("status"));
    }

    @Test
    void delete() {
        Reply token = changedOnce("delete");

        assertConflict(realm.api(alice).delete(path(token) + "?permanent=true&version=0"));
        assertEquals(200, realm.api(alice).get(path(token)).status());

        assertEquals(204, realm.api(alice).delete(path(token) + "?permanent=true&version=1").status());
    }

    @Test
    void regenerate() {
        Reply token = changedOnce("regenerate");

        assertConflict(realm.api(alice).postJson(path(token) + "/regenerate", Map.of("version", 0)));
        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status(), "the old secret still works");
        assertEquals(1, read(token).get("version").asInt());

        Reply regenerated = realm.api(alice).postJson(path(token) + "/regenerate", Map.of("version", 1));
        assertEquals(200, regenerated.status(), regenerated.body());
        assertEquals(2, regenerated.json().get("version").asInt());
    }

    @Test
    void scopeChanges() {
        Reply token = changedOnce("scopes");

        assertConflict(realm.api(alice).postJson(path(token) + "/scopes", Map.of("version", 0, "allowed_scopes", List.of("systems.read"))));
        assertConflict(realm.api(alice).delete(path(token) + "/scopes/members.read?version=0"));
        assertConflict(realm.api(alice).delete(path(token) + "/scopes?version=0"));
        assertEquals(java.util.Set.of("members.read", "groups.read"), java.util.Set.copyOf(ReferenceApiIT.strings(read(token).get("allowed_scopes"))));

        Reply removed = realm.api(alice).delete(path(token) + "/scopes/members.read?version=1");
        assertEquals(200, removed.status(), removed.body());
        assertEquals(2, removed.json().get("version").asInt(), "one change, one version");
        Reply added = realm.api(alice).postJson(path(token) + "/scopes", Map.of("version", 2, "allowed_scopes", List.of("systems.read")));
        assertEquals(200, added.status(), added.body());
        assertEquals(3, added.json().get("version").asInt());
        assertEquals(3, read(token).get("version").asInt(), "the answer shows the stored version");
        assertEquals(200, realm.api(alice).delete(path(token) + "/scopes?version=3").status());
        assertEquals(List.of(), ReferenceApiIT.strings(read(token).get("allowed_scopes")));
    }

    @Test
    void withoutAVersionTheChangeAppliesToWhateverIsCurrent() {
        Reply token = changedOnce("no version");

        assertEquals("revoked", realm.api(alice).delete(path(token)).text("status"));
    }

    @Test
    void aMalformedVersionIs400() {
        Reply token = changedOnce("malformed");

        Reply reply = realm.api(alice).delete(path(token) + "?version=latest");
        assertEquals(400, reply.status());
        assertEquals("version", reply.json().at("/fields/0/field").asText());
        assertEquals("active", read(token).get("status").asText());
    }
}
