package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Jwt;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Scopes restricted to particular resources reach the JWT and introspection as RFC 9396 authorization_details. */
@KeycloakIT
class AuthorizationDetailsIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("rar");
        alice = realm.login("alice");
        realm.confidentialClient("rs", "rs-secret");
        realm.audienceOnScope("members.read", "rs"); // Keycloak 26.7 introspects JWTs only for their audience
    }

    static final Set<String> EXPECTED = Set.of("members.read read m-1", "members.read read m-2", "groups.update update g-9");

    static Set<String> details(JsonNode details) {
        return StreamSupport.stream(details.spliterator(), false)
                .map(d -> d.get("type").asText() + " " + d.get("actions").get(0).asText() + " " + d.get("identifier").asText())
                .collect(Collectors.toSet());
    }

    @Test
    void restrictedScopesBecomeAuthorizationDetailsEverywhere() {
        Reply token = realm.createToken(alice, Map.of("name", "narrow",
                "allowed_scopes", List.of("members.read", "groups.update", "devices.read"),
                "scope_resources", Map.of("members.read", List.of("m-1", "m-2"), "groups.update", List.of("g-9"))));
        JsonNode restrictions = token.json().get("scope_resources");
        assertEquals(List.of("m-1", "m-2"), ReferenceApiIT.strings(restrictions.get("members.read")));
        assertEquals(List.of("g-9"), ReferenceApiIT.strings(restrictions.get("groups.update")));
        assertEquals(2, restrictions.size());

        String jwt = realm.exchange(token.text("client_id"), token.text("token")).text("access_token");
        JsonNode claims = Jwt.claims(jwt);
        assertEquals(EXPECTED, details(claims.get("authorization_details")));
        assertEquals(Set.of("members.read", "groups.update", "devices.read"), Set.of(claims.get("scope").asText().split(" ")),
                "restricted scopes stay in scope; unrestricted ones are plain scopes only");

        assertEquals(EXPECTED, details(realm.introspect("rs", "rs-secret", token.text("token")).json().get("authorization_details")));
        assertEquals(EXPECTED, details(realm.introspect("rs", "rs-secret", jwt).json().get("authorization_details")));
    }

    @Test
    void unrestrictedTokensCarryNoAuthorizationDetails() {
        Reply token = realm.createToken(alice, Map.of("name", "broad", "allowed_scopes", List.of("members.read")));

        JsonNode claims = Jwt.claims(realm.exchange(token.text("client_id"), token.text("token")).text("access_token"));

        assertFalse(claims.has("authorization_details"));
        assertFalse(realm.introspect("rs", "rs-secret", token.text("token")).json().has("authorization_details"));
    }

    @Test
    void callingTokenCanOnlyNarrowItsRestriction() {
        Reply caller = realm.createToken(alice, Map.of("name", "restricted caller", "allowed_scopes", List.of("token.create", "members.read"),
                "scope_resources", Map.of("members.read", List.of("m-1", "m-2"))));
        String jwt = realm.exchange(caller.text("client_id"), caller.text("token")).text("access_token");

        assertEquals(200, realm.api(jwt).postJson("/api/v1/token", Map.of("name", "narrower", "allowed_scopes", List.of("members.read"),
                "scope_resources", Map.of("members.read", List.of("m-2")))).status());
        assertEquals(403, realm.api(jwt).postJson("/api/v1/token", Map.of("name", "wider", "allowed_scopes", List.of("members.read"))).status());
        assertEquals(403, realm.api(jwt).postJson("/api/v1/token", Map.of("name", "other", "allowed_scopes", List.of("members.read"),
                "scope_resources", Map.of("members.read", List.of("m-3")))).status());
    }
}
