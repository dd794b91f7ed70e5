package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * {@code GET api/v1/scopes} and {@code GET api/v1/policy}: what the page needs to offer the right scopes and to explain
 * the limits, answered by the rules the API enforces; and the owner shown and searched by username.
 */
@KeycloakIT
class CallerScopesAndPolicyIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("caller");
        alice = realm.login("alice");
    }

    @AfterEach
    void resetPolicy() {
        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of()).status());
    }

    static List<String> names(JsonNode catalogue) {
        return StreamSupport.stream(catalogue.get("scopes").spliterator(), false).map(s -> s.get("name").asText()).toList();
    }

    @Test
    void scopesAreTheGrantableOnesTheOwnerMayUseGroupedAndDescribed() {
        JsonNode catalogue = realm.api(alice).get("/api/v1/scopes").json();

        List<String> names = names(catalogue);
        long grantable = StreamSupport.stream(TestRealm.shippedRealm().get("clientScopes").spliterator(), false)
                .filter(scope -> "true".equals(scope.at("/attributes/api-token.grantable").asText())).count();
        assertEquals(grantable - 1, names.size(), "all but admin-logs.read, which needs the auditor role");
        assertTrue(names.containsAll(RealmConfigIT.CATALOGUE.stream().filter(n -> !n.equals("admin-logs.read")).toList()));
        assertFalse(names.contains("admin-logs.read"));
        assertFalse(names.contains("profile"), "Keycloak's own scopes are not grantable");
        JsonNode membersRead = StreamSupport.stream(catalogue.get("scopes").spliterator(), false)
                .filter(s -> s.get("name").asText().equals("members.read")).findFirst().orElseThrow();
        assertEquals("members", membersRead.get("group").asText());
        assertTrue(membersRead.get("description").asText().startsWith("Members:"), membersRead.toString());
        assertTrue(membersRead.get("resources") == null, "no restriction for a person");
        List<String> groups = StreamSupport.stream(catalogue.get("scopes").spliterator(), false).map(s -> s.get("group").asText()).toList();
        assertEquals(groups.stream().sorted().toList(), groups, "sorted by group");

        realm.user("audrey", "auditor");
        assertTrue(names(realm.api(realm.login("audrey")).get("/api/v1/scopes").json()).contains("admin-logs.read"));
    }

    @Test
    void aCallingTokenSeesOnlyWhatItHoldsWithItsRestrictions() {
        Reply parent = realm.createToken(alice, Map.of("name", "parent", "allowed_scopes", List.of("token.create", "members.read"),
                "scope_resources", Map.of("members.read", List.of("m-1"))));
        String jwt = realm.exchange(parent.text("client_id"), parent.text("token")).text("access_token");

        JsonNode catalogue = realm.api(jwt).get("/api/v1/scopes").json();

        assertEquals(List.of("members.read", "token.create"), names(catalogue));
        assertEquals("m-1", catalogue.at("/scopes/0/resources/0").asText());

        Reply reader = realm.createToken(alice, Map.of("name", "reader", "allowed_scopes", List.of("token.read-all")));
        String readerJwt = realm.exchange(reader.text("client_id"), reader.text("token")).text("access_token");
        Reply refused = realm.api(readerJwt).get("/api/v1/scopes");
        assertEquals(403, refused.status());
        assertEquals("insufficient_scope", refused.text("error"));
        assertEquals(403, realm.api(readerJwt).get("/api/v1/policy").status(), "the policy needs token.read");
    }

    @Test
    void policyAsItAppliesToAPerson() {
        JsonNode defaults = realm.api(alice).get("/api/v1/policy").json();
        assertTrue(defaults.get("max_lifetime").isNull());
        assertTrue(defaults.get("tokens_left").isNull());
        assertEquals("P1D", defaults.get("max_grace_period").asText());
        assertTrue(defaults.get("may_create").asBoolean());
        assertFalse(defaults.get("may_administer").asBoolean());
        assertFalse(defaults.get("may_manage_policy").asBoolean());

        String bob = realm.login("bob");
        realm.createToken(bob, Map.of("name", "one"));
        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("max_lifetime", "P30D", "default_lifetime", "P7D",
                "expiry_required", true, "max_tokens_per_user", 2, "max_grace_period", "PT2H")).status());

        JsonNode limits = realm.api(bob).get("/api/v1/policy").json();
        assertEquals("P30D", limits.get("max_lifetime").asText());
        assertEquals("P7D", limits.get("default_lifetime").asText());
        assertTrue(limits.get("expiry_required").asBoolean());
        assertEquals("PT2H", limits.get("max_grace_period").asText());
        assertEquals(2, limits.get("max_tokens_per_user").asInt());
        assertEquals(1, limits.get("tokens_left").asInt());
        assertTrue(limits.get("may_create").asBoolean());

        realm.createToken(bob, Map.of("name", "two"));
        JsonNode full = realm.api(bob).get("/api/v1/policy").json();
        assertEquals(0, full.get("tokens_left").asInt());
        assertFalse(full.get("may_create").asBoolean());
    }

    @Test
    void administratorsAndRealmManagersAreToldSo() {
        realm.user("ada", "api-token-admin");
        JsonNode ada = realm.api(realm.login("ada")).get("/api/v1/policy").json();
        assertTrue(ada.get("may_administer").asBoolean());
        assertFalse(ada.get("may_manage_policy").asBoolean());

        realm.user("manny");
        grantManagementRole("manny", "manage-realm");
        String manny = realm.login("manny");
        JsonNode manager = realm.api(manny).get("/api/v1/policy").json();
        assertTrue(manager.get("may_manage_policy").asBoolean());
        assertFalse(manager.get("may_administer").asBoolean());
        // and the admin API agrees with the same bearer token
        assertEquals(200, realm.keycloak().http().bearer(manny).get(realm.adminPath("/api-tokens/policy")).status());

        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("users_may_create", false)).status());
        assertFalse(realm.api(alice).get("/api/v1/policy").json().get("may_create").asBoolean());
        assertTrue(realm.api(realm.login("ada")).get("/api/v1/policy").json().get("may_create").asBoolean());
    }

    @Test
    void withoutBearerBoth401() {
        assertEquals(401, realm.api(null).get("/api/v1/scopes").status());
        assertEquals(401, realm.api(null).get("/api/v1/policy").status());
    }

    @Test
    void tokensShowTheirOwnerAndTheOwnerFilterTakesAUsername() {
        realm.user("olga");
        String olga = realm.login("olga");
        Reply token = realm.createToken(olga, Map.of("name", "olga's"));
        assertEquals("olga", token.json().at("/owner/username").asText());
        assertEquals(realm.userId("olga"), token.json().at("/owner/id").asText());

        realm.user("root", "api-token-admin");
        String admin = realm.login("root");
        JsonNode byName = realm.api(admin).get("/api/v1/tokens?owner=olga").json();
        assertEquals(List.of(token.text("id")), ReferenceApiIT.tokenIds(byName));
        assertEquals(byName, realm.api(admin).get("/api/v1/tokens?owner=" + realm.userId("olga")).json());
        assertEquals(0, realm.api(admin).get("/api/v1/tokens?owner=nobody-by-that-name").json().get("total").asInt());
        assertEquals(403, realm.api(alice).get("/api/v1/tokens?owner=olga").status(), "not for a person without the role");
        assertEquals(200, realm.api(olga).get("/api/v1/tokens?owner=olga").status(), "naming oneself is fine");
    }

    private static void grantManagementRole(String username, String role) {
        String managementId = realm.adminGet("/clients?clientId=realm-management").json().get(0).get("id").asText();
        JsonNode roleRep = realm.adminGet("/clients/" + managementId + "/roles/" + role).json();
        Reply mapped = realm.admin().postJson(realm.adminPath("/users/" + realm.userId(username) + "/role-mappings/clients/" + managementId),
                List.of(roleRep));
        assertEquals(204, mapped.status(), mapped.body());
    }
}
