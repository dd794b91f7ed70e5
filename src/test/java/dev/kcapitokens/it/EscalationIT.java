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
    void callingTokenCannotEscapeItsOwnAllowlistOrExpiry() {
        Reply caller = realm.createToken(alice, Map.of("name", "fenced delegator", "allowed_scopes", List.of("token.create"),
                "allowed_ips", List.of("10.0.0.0/8"), "expires_at", "2090-01-01 00:00:00"));
        String jwt = realm.exchangeFrom("10.1.2.3", caller.text("client_id"), caller.text("token")).text("access_token");

        Reply anyAddress = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "open", "expires_at", "2080-01-01"));
        Reply later = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "later", "allowed_ips", List.of("10.1.0.0/16"), "expires_at", "2095-01-01"));
        Reply forever = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "forever", "allowed_ips", List.of("10.1.0.0/16")));
        Reply within = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "within", "allowed_ips", List.of("10.1.0.0/16"), "expires_at", "2080-01-01"));

        assertEquals(403, anyAddress.status(), anyAddress.body());
        assertEquals("allowed_ips", anyAddress.json().at("/fields/0/field").asText());
        assertEquals(403, later.status(), later.body());
        assertEquals("expires_at", later.json().at("/fields/0/field").asText());
        assertEquals(403, forever.status(), forever.body());
        assertEquals(200, within.status(), within.body());

        Reply widenItself = realm.api(jwt).patchJson("/api/v1/token/" + caller.text("id"),
                Map.of("version", caller.json().get("version").asInt(), "allowed_ips", List.of()));
        assertEquals(403, widenItself.status(), "a token cannot lift its own allowlist");
    }

    @Test
    void callingTokenCannotRegenerateAStrongerSibling() {
        Reply strong = realm.createToken(alice, Map.of("name", "strong", "allowed_scopes", List.of("members.read", "groups.delete")));
        Reply weak = realm.createToken(alice, Map.of("name", "weak", "allowed_scopes", List.of("token.create", "members.read")));
        String jwt = realm.exchange(weak.text("client_id"), weak.text("token")).text("access_token");

        Reply stolen = realm.api(jwt).postJson("/api/v1/token/" + strong.text("id") + "/regenerate", Map.of());

        assertEquals(403, stolen.status(), stolen.body());
        assertEquals(200, realm.exchange(strong.text("client_id"), strong.text("token")).status(), "the sibling's secret is unchanged");
    }

    @Test
    void callingTokenCannotGrantWhatItsOwnerLacks() {
        Reply caller = realm.createToken(alice, Map.of("name", "no auditor", "allowed_scopes", List.of("token.create")));
        String jwt = realm.exchange(caller.text("client_id"), caller.text("token")).text("access_token");

        Reply reply = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "x", "allowed_scopes", List.of("admin-logs.read")));

        assertEquals(403, reply.status());
    }
}
