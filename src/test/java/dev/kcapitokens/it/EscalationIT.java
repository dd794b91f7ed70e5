package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** A token can never get a scope its creator could not use. */
@KeycloakIT
class EscalationIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("escalation");
        alice = realm.login("alice");
    }

    @Test
    void scopeWithRoleMappingsNeedsOneOfTheRoles() {
        long before = realm.api(alice).get("/api/v1/tokens").json().get("total").asLong();

        Reply refused = realm.api(alice).postJson("/api/v1/token", Map.of("name", "audit", "allowed_scopes", List.of("members.read", "admin-logs.read")));

        assertEquals(403, refused.status(), refused.body());
        assertEquals("access_denied", refused.text("error"));
        assertEquals("allowed_scopes[1]", refused.json().at("/fields/0/field").asText());
        assertEquals(before, realm.api(alice).get("/api/v1/tokens").json().get("total").asLong());

        realm.user("audrey", "auditor");
        Reply granted = realm.createToken(realm.login("audrey"), Map.of("name", "audit", "allowed_scopes", List.of("admin-logs.read")));
        assertEquals(List.of("admin-logs.read"), ReferenceApiIT.strings(granted.json().get("allowed_scopes")));
    }

    @Test
    void callingTokenPassesOnOnlyScopesItHolds() {
        Reply caller = realm.createToken(alice, Map.of("name", "delegator", "allowed_scopes", List.of("token.create", "members.read")));
        String jwt = realm.exchange(caller.text("client_id"), caller.text("token")).text("access_token");

        Reply narrower = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "narrower", "allowed_scopes", List.of("members.read")));
        assertEquals(200, narrower.status(), narrower.body());

        Reply wider = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "wider", "allowed_scopes", List.of("members.read", "groups.read")));
        assertEquals(403, wider.status(), wider.body());
        assertTrue(wider.body().contains("groups.read"));
    }

    @Test
    void callingTokenCannotGrantWhatItsOwnerLacks() {
        Reply caller = realm.createToken(alice, Map.of("name", "no auditor", "allowed_scopes", List.of("token.create")));
        String jwt = realm.exchange(caller.text("client_id"), caller.text("token")).text("access_token");

        Reply reply = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "x", "allowed_scopes", List.of("admin-logs.read")));

        assertEquals(403, reply.status());
    }
}
