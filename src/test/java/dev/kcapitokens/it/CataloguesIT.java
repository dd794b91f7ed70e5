package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.catalogue.Catalogues;
import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Jwt;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;

/**
 * The shipped catalogues import into a fresh realm through {@code /admin/realms/{realm}/api-tokens/catalogue}, tokens
 * get their scopes, and a {@code domain.*} scope is locked to the realm in {@code authorization_details}.
 */
@KeycloakIT
class CataloguesIT {

    static Keycloak keycloak;
    static String realm;
    static Http admin;

    /** A fresh realm of Keycloak's defaults with a login client, a resource server and a user, for each test. */
    @BeforeEach
    void freshRealm(Keycloak server) {
        keycloak = server;
        admin = server.admin();
        realm = "fresh-" + Long.toString(System.nanoTime(), 36);
        assertEquals(201, admin.postJson("/admin/realms", Map.of("realm", realm, "enabled", true, "sslRequired", "none")).status());
        assertEquals(201, admin.postJson("/admin/realms/" + realm + "/clients", Map.of("clientId", "cli", "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false)).status());
        assertEquals(201, admin.postJson("/admin/realms/" + realm + "/clients", Map.of("clientId", "rs", "publicClient", false,
                "secret", "rs-secret", "standardFlowEnabled", false)).status());
        assertEquals(201, admin.postJson("/admin/realms/" + realm + "/users", Map.of("username", "ivy", "enabled", true,
                "email", "ivy@example.org", "emailVerified", true, "firstName", "Ivy", "lastName", "Test",
                "credentials", List.of(Map.of("type", "password", "value", "ivy-pw", "temporary", false)))).status());
    }

    static Reply importCatalogue(String file, String ifResourceExists) {
        String query = ifResourceExists == null ? "" : "?ifResourceExists=" + ifResourceExists;
        return admin.sendJson("POST", "/admin/realms/" + realm + "/api-tokens/catalogue" + query, Catalogues.text(file));
    }

    static String login() {
        return keycloak.http().postForm("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "cli", "username", "ivy", "password", "ivy-pw")).text("access_token");
    }

    @Test
    void theCataloguesImportAndTokensGetTheirScopes() {
        Reply vpn = importCatalogue("vpn.json", null);
        assertEquals(200, vpn.status(), vpn.body());
        assertEquals(54, vpn.json().get("added").asInt(), "53 scopes and the auditor role");
        assertEquals(409, importCatalogue("vpn.json", null).status(), "FAIL, the default, refuses what exists");
        Reply iot = importCatalogue("iot.json", "SKIP");
        assertEquals(200, iot.status(), iot.body());
        assertEquals(52, iot.json().get("added").asInt());
        assertEquals(2, iot.json().get("skipped").asInt(), "groups.update and groups.delete came with the VPN catalogue");
        Reply saas = importCatalogue("saas.json", null);
        assertEquals(64, saas.json().get("added").asInt(), saas.body());

        Set<String> grantable = StreamSupport.stream(admin.get("/admin/realms/" + realm + "/client-scopes").json().spliterator(), false)
                .filter(s -> "true".equals(s.at("/attributes/api-token.grantable").asText()))
                .map(s -> s.get("name").asText()).collect(Collectors.toSet());
        assertEquals(Catalogues.union().keySet(), grantable);
        JsonNode auditorOnly = StreamSupport.stream(admin.get("/admin/realms/" + realm + "/client-scopes").json().spliterator(), false)
                .filter(s -> s.get("name").asText().equals("admin-logs.read")).findFirst().orElseThrow();
        assertEquals("auditor", admin.get("/admin/realms/" + realm + "/client-scopes/" + auditorOnly.get("id").asText()
                + "/scope-mappings/realm").json().get(0).get("name").asText());

        List<String> scopes = List.of("members.read", "api.organizations.read", "scim.user.schema", "clients.view",
                "channels.connect_client", "groups.remove_all_children_groups", "domain.send_invitation");
        audienceOnScope("members.read", "rs");
        Http api = keycloak.http().withBase(keycloak.baseUrl() + "/realms/" + realm + "/api-tokens").bearer(login());
        Reply token = api.postJson("/api/v1/token", Map.of("name", "catalogued", "allowed_scopes", scopes));
        assertEquals(200, token.status(), token.body());
        assertEquals(Set.copyOf(scopes), Set.copyOf(ReferenceApiIT.strings(token.json().get("allowed_scopes"))));

        Reply exchanged = keycloak.http().postForm("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_secret", token.text("token")));
        assertEquals(200, exchanged.status(), exchanged.body());
        JsonNode claims = Jwt.claims(exchanged.text("access_token"));
        assertEquals(Set.copyOf(scopes), Set.of(claims.get("scope").asText().split(" ")));
        Set<String> locked = Set.of("domain.send_invitation send_invitation " + realm);
        assertEquals(locked, AuthorizationDetailsIT.details(claims.get("authorization_details")),
                "the domain scope is locked to the realm, and only it");

        assertEquals(locked, AuthorizationDetailsIT.details(introspect(token.text("token")).get("authorization_details")));
        assertEquals(locked, AuthorizationDetailsIT.details(introspect(exchanged.text("access_token")).get("authorization_details")));
    }

    @Test
    void aDomainScopeTakesNoResourceIdsAndTheImportNeedsAnAdministrator() {
        importCatalogue("iot.json", "SKIP");
        Http api = keycloak.http().withBase(keycloak.baseUrl() + "/realms/" + realm + "/api-tokens").bearer(login());

        Reply named = api.postJson("/api/v1/token", Map.of("name", "elsewhere", "allowed_scopes", List.of("domain.read"),
                "scope_resources", Map.of("domain.read", List.of("other-domain"))));
        assertEquals(400, named.status(), named.body());
        assertTrue(named.body().contains("locked to this realm"), named.body());

        Reply asIvy = keycloak.http().bearer(login()).sendJson("POST", "/admin/realms/" + realm + "/api-tokens/catalogue",
                Catalogues.text("saas.json"));
        assertEquals(403, asIvy.status(), asIvy.body());
        Reply notACatalogue = admin.sendJson("POST", "/admin/realms/" + realm + "/api-tokens/catalogue", "{\"clientScopes\": 7}");
        assertEquals(400, notACatalogue.status(), notACatalogue.body());
        Reply badPolicy = admin.sendJson("POST", "/admin/realms/" + realm + "/api-tokens/catalogue?ifResourceExists=MERGE",
                Catalogues.text("saas.json"));
        assertEquals(400, badPolicy.status(), badPolicy.body());
        for (String attribute : List.of("\"is.dynamic.scope\": \"true\"", "\"is.parameterized.scope\": \"true\"")) {
            Reply notPlain = admin.sendJson("POST", "/admin/realms/" + realm + "/api-tokens/catalogue",
                    "{\"clientScopes\": [{\"name\": \"odd.read\", \"attributes\": {" + attribute + "}}]}");
            assertEquals(400, notPlain.status(), notPlain.body());
            assertTrue(notPlain.body().contains("not supported in a catalogue"), notPlain.body());
        }
        assertFalse(admin.get("/admin/realms/" + realm + "/client-scopes").body().contains("odd.read"), "a refused import adds nothing");
    }

    /** Keycloak 26.7 introspects a JWT only for a client in its audience: an audience mapper on a scope puts it there. */
    private static void audienceOnScope(String scopeName, String audienceClientId) {
        JsonNode scope = StreamSupport.stream(admin.get("/admin/realms/" + realm + "/client-scopes").json().spliterator(), false)
                .filter(s -> s.get("name").asText().equals(scopeName)).findFirst().orElseThrow();
        assertEquals(201, admin.postJson("/admin/realms/" + realm + "/client-scopes/" + scope.get("id").asText() + "/protocol-mappers/models",
                Map.of("name", "audience " + audienceClientId, "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", audienceClientId, "access.token.claim", "true",
                                "introspection.token.claim", "true"))).status());
    }

    private static JsonNode introspect(String token) {
        String basic = java.util.Base64.getEncoder().encodeToString("rs:rs-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return keycloak.http().header("Authorization", "Basic " + basic)
                .postForm("/realms/" + realm + "/protocol/openid-connect/token/introspect", Map.of("token", token)).json();
    }
}
