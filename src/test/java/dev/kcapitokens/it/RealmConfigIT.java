package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.catalogue.Catalogues;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** The shipped demo realm, imported at start-up with {@code --import-realm} exactly as the README's run command does. */
@KeycloakIT
class RealmConfigIT {

    /** The reference catalogue: the table's scopes plus {@code system.read-all}, the spelling of the reference API's enum. */
    static final List<String> CATALOGUE = List.of(
            "members.create", "members.read", "members.read-all", "members.update", "members.delete", "members.disconnect",
            "groups.create", "groups.read", "groups.read-all", "groups.update", "groups.delete",
            "systems.create", "systems.read", "systems.read-all", "system.read-all", "systems.update", "systems.delete",
            "system-groups.create", "system-groups.read", "system-groups.read-all", "system-groups.update", "system-groups.delete",
            "access-cards.create", "access-cards.read", "access-card.read-all", "access-cards.update", "access-cards.delete",
            "member-group-relation.add", "member-group-relation.delete", "member-ac-relation.add", "member-ac-relation.delete",
            "group-access-card-relation.add", "group-access-card-relation.delete",
            "system-system-group-relation.add", "system-system-group-relation.delete",
            "system-ac-relation.add", "system-ac-relation.delete",
            "system-group-access-card-relation.add", "system-group-access-card-relation.delete",
            "gateways.read", "gateway.read-all", "devices.read", "devices.read-all", "devices.delete",
            "token.create", "token.read", "token.read-all", "token.delete",
            "gateway-log.read", "system-logs.read", "threat-blocker-logs.read", "device-posture-check-logs.read", "admin-logs.read");

    @Test
    void demoRealmCarriesTheCatalogueAsGrantableClientScopes(Keycloak keycloak) {
        JsonNode scopes = keycloak.admin().get("/admin/realms/demo/client-scopes").json();

        List<String> grantable = StreamSupport.stream(scopes.spliterator(), false)
                .filter(s -> "true".equals(s.at("/attributes/api-token.grantable").asText()))
                .map(s -> s.get("name").asText()).sorted().toList();
        assertTrue(grantable.containsAll(CATALOGUE), "the VPN catalogue");
        assertEquals(Catalogues.union().keySet().stream().sorted().toList(), grantable, "and the other catalogues, nothing else");
        assertTrue(StreamSupport.stream(scopes.spliterator(), false).anyMatch(s -> s.get("name").asText().equals("basic")),
                "Keycloak's own default scopes are kept");
    }

    @Test
    void demoUserGetsABearerTokenAndCreatesAFirstToken(Keycloak keycloak) {
        Reply login = keycloak.http().postForm("/realms/demo/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", TestRealm.CLI_CLIENT, "username", "demo", "password", "demo"));
        assertEquals(200, login.status(), login.body());

        Reply created = keycloak.http().bearer(login.text("access_token"))
                .postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", "first", "allowed_scopes", List.of("members.read")));

        assertEquals(200, created.status(), created.body());
        assertTrue(created.text("token").startsWith("kcpat_"));
    }

    @Test
    void catalogueImportsIntoAnyRealm(Keycloak keycloak) {
        TestRealm realm = keycloak.newRealm("catalogue");
        JsonNode scope = StreamSupport.stream(realm.adminGet("/client-scopes").json().spliterator(), false)
                .filter(s -> s.get("name").asText().equals("admin-logs.read")).findFirst().orElseThrow();
        JsonNode mappings = realm.adminGet("/client-scopes/" + scope.get("id").asText() + "/scope-mappings/realm").json();
        assertEquals("auditor", mappings.get(0).get("name").asText(), "admin-logs.read needs the auditor role");
    }

    /** Importing client scopes must not leave Keycloak's own clients without scopes: they match a realm made from nothing. */
    @Test
    void builtInClientsKeepKeycloaksUsualDefaultClientScopes(Keycloak keycloak) {
        String bare = "bare-" + Long.toString(System.nanoTime(), 36);
        assertEquals(201, keycloak.admin().postJson("/admin/realms", Map.of("realm", bare, "enabled", true)).status());
        try {
            for (String clientId : List.of("account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console")) {
                for (String kind : List.of("default-client-scopes", "optional-client-scopes")) {
                    assertEquals(clientScopes(keycloak, bare, clientId, kind), clientScopes(keycloak, "demo", clientId, kind), clientId + " " + kind);
                }
            }
        } finally {
            keycloak.admin().delete("/admin/realms/" + bare);
        }
    }

    private static List<String> clientScopes(Keycloak keycloak, String realm, String clientId, String kind) {
        String id = keycloak.admin().get("/admin/realms/" + realm + "/clients?clientId=" + clientId).json().get(0).get("id").asText();
        JsonNode scopes = keycloak.admin().get("/admin/realms/" + realm + "/clients/" + id + "/" + kind).json();
        List<String> names = StreamSupport.stream(scopes.spliterator(), false).map(s -> s.get("name").asText()).sorted().toList();
        assertTrue(!names.isEmpty() || kind.startsWith("optional"), realm + " " + clientId + " has no " + kind);
        return names;
    }
}
