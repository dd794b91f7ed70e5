package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * One admin model for both APIs: who may see or remove another person's token is decided by Keycloak's admin
 * permissions over that person, view-users to see, manage-users to revoke or delete, and, where a realm enables
 * them, its fine-grained admin permissions.
 */
@KeycloakIT
class AdminPermissionsIT {

    @Test
    void viewUsersSeesEveryTokenButRemovesNone(Keycloak keycloak) {
        TestRealm realm = keycloak.newRealm("perm-view");
        String alice = realm.login("alice");
        Reply token = realm.createToken(alice, Map.of("name", "watched"));
        realm.grantRealmManagementRole("vera", "view-users");
        String vera = realm.login("vera");
        String path = "/api/v1/token/" + token.text("id");

        assertTrue(realm.api(vera).get("/api/v1/tokens").body().contains(token.text("id")), "lists the realm's tokens");
        assertEquals(200, realm.api(vera).get(path).status());
        assertEquals(403, realm.api(vera).delete(path).status());
        assertEquals(403, realm.api(vera).delete(path + "?permanent=true").status());
        assertEquals(403, realm.api(vera).delete("/api/v1/tokens?owner=" + realm.userId("alice")).status());
        assertEquals("active", realm.api(alice).get(path).text("status"));
    }

    @Test
    void fineGrainedPermissionsOverOnePersonReachThatPersonsTokensOnly(Keycloak keycloak) {
        TestRealm realm = keycloak.newRealm("perm-fgap");
        String alice = realm.login("alice");
        String bob = realm.login("bob");
        Reply alicesToken = realm.createToken(alice, Map.of("name", "alice's"));
        Reply bobsToken = realm.createToken(bob, Map.of("name", "bob's"));
        String helper = realm.user("helpdesk");
        enableAdminPermissions(realm);
        grantUserScopes(realm, helper, realm.userId("alice"), List.of("view", "manage"));
        String helpdesk = realm.login("helpdesk");

        assertEquals(200, realm.api(helpdesk).get("/api/v1/token/" + alicesToken.text("id")).status());
        assertEquals(404, realm.api(helpdesk).get("/api/v1/token/" + bobsToken.text("id")).status(), "bob is not theirs to see");
        Reply list = realm.api(helpdesk).get("/api/v1/tokens");
        assertFalse(list.body().contains(bobsToken.text("id")), "no view over every user: only their own tokens");
        assertEquals(200, realm.api(helpdesk).get("/api/v1/tokens?owner=" + realm.userId("alice")).status());
        assertEquals("revoked", realm.api(helpdesk).delete("/api/v1/token/" + alicesToken.text("id")).text("status"));
        assertEquals("active", realm.api(bob).get("/api/v1/token/" + bobsToken.text("id")).text("status"));
    }

    static void enableAdminPermissions(TestRealm realm) {
        ObjectNode representation = (ObjectNode) realm.adminGet("").json();
        representation.put("adminPermissionsEnabled", true);
        Reply updated = realm.admin().putJson(realm.adminPath(""), representation);
        assertEquals(204, updated.status(), updated.body());
    }

    /** Keycloak's fine-grained admin permissions (v2): a user policy for {@code admin}, scopes over one user. */
    static void grantUserScopes(TestRealm realm, String adminId, String targetUserId, List<String> scopes) {
        String client = realm.adminGet("/clients?clientId=admin-permissions").json().get(0).get("id").asText();
        String authz = "/clients/" + client + "/authz/resource-server";
        Reply policy = realm.admin().postJson(realm.adminPath(authz + "/policy/user"),
                Map.of("name", "is " + adminId, "users", List.of(adminId), "logic", "POSITIVE"));
        assertEquals(201, policy.status(), policy.body());
        Reply permission = realm.admin().postJson(realm.adminPath(authz + "/permission/scope"), Map.of(
                "name", "helpdesk over " + targetUserId, "resourceType", "Users", "resources", List.of(targetUserId),
                "scopes", scopes, "policies", List.of(policy.text("id")), "decisionStrategy", "UNANIMOUS"));
        assertEquals(201, permission.status(), permission.body());
    }
}
