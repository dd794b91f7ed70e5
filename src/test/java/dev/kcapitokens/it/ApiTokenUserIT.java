package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.TestRealm;

/** Each token is backed by its own Keycloak client and API Token User, visible to administrators. */
@KeycloakIT
class ApiTokenUserIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("apiuser");
        alice = realm.login("alice");
    }

    @Test
    void tokenGetsAConfidentialServiceAccountClientWithExactlyItsScopes() {
        JsonNode token = realm.createToken(alice, Map.of("name", "Nightly Export", "allowed_scopes", List.of("members.read-all", "groups.read"))).json();

        JsonNode client = client(token.get("client_id").asText());
        assertTrue(client.get("enabled").asBoolean());
        assertFalse(client.get("publicClient").asBoolean());
        assertTrue(client.get("serviceAccountsEnabled").asBoolean());
        assertFalse(client.get("standardFlowEnabled").asBoolean());
        assertFalse(client.get("implicitFlowEnabled").asBoolean());
        assertFalse(client.get("directAccessGrantsEnabled").asBoolean());
        assertFalse(client.get("fullScopeAllowed").asBoolean());
        assertEquals("api-token", client.get("clientAuthenticatorType").asText());
        assertEquals(token.get("id").asText(), client.at("/attributes/api-token.id").asText());
        assertEquals("Nightly Export", client.get("name").asText());

        String uuid = client.get("id").asText();
        assertEquals(List.of("groups.read", "members.read-all"), names(realm.adminGet("/clients/" + uuid + "/default-client-scopes").json()));
        assertEquals(List.of(), names(realm.adminGet("/clients/" + uuid + "/optional-client-scopes").json()));
    }

    @Test
    void apiTokenUserIsTheServiceAccountNamedAfterTheToken() {
        JsonNode token = realm.createToken(alice, Map.of("name", "Billing Sync")).json();
        String uuid = client(token.get("client_id").asText()).get("id").asText();

        JsonNode user = realm.adminGet("/clients/" + uuid + "/service-account-user").json();

        assertEquals(token.get("user_id").asText(), user.get("id").asText());
        assertEquals("Billing Sync", user.get("firstName").asText());
        assertEquals("service-account-" + token.get("client_id").asText(), user.get("username").asText());
        assertTrue(token.get("client_id").asText().startsWith("apitoken-billing-sync-"));
        JsonNode roles = realm.adminGet("/users/" + user.get("id").asText() + "/role-mappings").json();
        assertTrue(roles.path("realmMappings").isEmpty(), "the API Token User holds no roles: " + roles);
    }

    @Test
    void revokingDisablesTheClient() {
        JsonNode token = realm.createToken(alice, Map.of("name", "short lived")).json();

        assertEquals(200, realm.api(alice).delete("/api/v1/token/" + token.get("id").asText()).status());

        assertFalse(client(token.get("client_id").asText()).get("enabled").asBoolean());
    }

    static JsonNode client(String clientId) {
        JsonNode clients = realm.adminGet("/clients?clientId=" + clientId).json();
        assertEquals(1, clients.size(), clients.toString());
        return clients.get(0);
    }

    static List<String> names(JsonNode scopes) {
        return java.util.stream.StreamSupport.stream(scopes.spliterator(), false).map(s -> s.get("name").asText()).sorted().toList();
    }
}
