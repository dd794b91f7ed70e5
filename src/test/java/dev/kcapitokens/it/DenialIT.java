package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Every denial at the token endpoint is the same {@code invalid_client} 401, whatever the reason; the event
 * records the true reason for the administrator, never the secret.
 */
@KeycloakIT
class DenialIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("denial");
        alice = realm.login("alice");
    }

    @Test
    void reasonsAreIndistinguishableToTheCallerAndRecordedForTheAdministrator() throws Exception {
        Reply good = realm.createToken(alice, Map.of("name", "good"));
        Reply other = realm.createToken(alice, Map.of("name", "other"));
        Reply revoked = realm.createToken(alice, Map.of("name", "revoked"));
        realm.api(alice).delete("/api/v1/token/" + revoked.text("id"));
        Reply expired = realm.createExpiredToken(alice, Map.of("name", "expired"));
        Reply fenced = realm.createToken(alice, Map.of("name", "fenced", "allowed_ips", List.of("192.0.2.0/24")));

        Map<String, Reply> denials = new LinkedHashMap<>();
        denials.put("unknown client", realm.exchange("apitoken-does-not-exist", good.text("token")));
        denials.put("wrong secret", realm.exchange(good.text("client_id"), other.text("token")));
        denials.put("malformed secret", realm.exchange(good.text("client_id"), "kcpat_nonsense"));
        denials.put("revoked", realm.exchange(revoked.text("client_id"), revoked.text("token")));
        denials.put("expired", realm.exchange(expired.text("client_id"), expired.text("token")));
        denials.put("address", realm.exchangeFrom("198.51.100.1", fenced.text("client_id"), fenced.text("token")));

        Reply reference = denials.get("unknown client");
        assertEquals(401, reference.status());
        assertEquals("invalid_client", reference.text("error"));
        denials.forEach((why, reply) -> {
            assertEquals(reference.status(), reply.status(), why);
            assertEquals(reference.body(), reply.body(), why);
            assertEquals(reference.header("WWW-Authenticate"), reply.header("WWW-Authenticate"), why);
        });

        JsonNode errors = realm.events("CLIENT_LOGIN_ERROR");
        assertEquals("wrong_secret", reason(errors, good.text("id")));
        assertEquals("revoked", reason(errors, revoked.text("id")));
        assertEquals("expired", reason(errors, expired.text("id")));
        assertEquals("ip_not_allowed", reason(errors, fenced.text("id")));
        for (Reply token : List.of(good, other, revoked, expired, fenced)) {
            assertFalse(errors.toString().contains(token.text("token")), "an event holds a secret");
        }
        assertEquals(200, realm.exchange(good.text("client_id"), good.text("token")).status(), "denials did not harm the good token");
    }

    @Test
    void revocationEndsTheNextExchangeAndJwtsAlreadyIssued() {
        realm.confidentialClient("gateway", "gateway-secret");
        realm.audienceOnScope("members.read", "gateway"); // Keycloak 26.7 introspects JWTs only for their audience
        Reply token = realm.createToken(alice, Map.of("name", "to revoke", "allowed_scopes", List.of("members.read")));
        String jwt = realm.exchange(token.text("client_id"), token.text("token")).text("access_token");
        assertTrue(realm.introspect("gateway", "gateway-secret", jwt).json().get("active").asBoolean());

        realm.api(alice).delete("/api/v1/token/" + token.text("id"));

        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals("{\"active\":false}", realm.introspect("gateway", "gateway-secret", jwt).body());
        assertEquals("{\"active\":false}", realm.introspect("gateway", "gateway-secret", token.text("token")).body());
    }

    @Test
    void disabledOwnerStopsTheToken() {
        realm.user("olga");
        realm.confidentialClient("olga-rs", "olga-rs-secret");
        realm.audienceOnScope("members.read", "olga-rs");
        Reply token = realm.createToken(realm.login("olga"), Map.of("name", "olga's", "allowed_scopes", List.of("members.read")));
        Reply jwt = realm.exchange(token.text("client_id"), token.text("token"));
        assertEquals(200, jwt.status());
        assertTrue(realm.introspect("olga-rs", "olga-rs-secret", jwt.text("access_token")).json().get("active").asBoolean(),
                "the resource server may introspect the JWT while the owner is enabled");

        com.fasterxml.jackson.databind.node.ObjectNode user = (com.fasterxml.jackson.databind.node.ObjectNode) realm.adminGet("/users/" + realm.userId("olga")).json();
        user.put("enabled", false);
        assertEquals(204, realm.admin().putJson(realm.adminPath("/users/" + realm.userId("olga")), user).status());

        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals("owner_disabled", reason(realm.events("CLIENT_LOGIN_ERROR"), token.text("id")));
        assertEquals("{\"active\":false}", realm.introspect("olga-rs", "olga-rs-secret", jwt.text("access_token")).body(),
                "a JWT issued before the owner was disabled");
        assertEquals("{\"active\":false}", realm.introspect("olga-rs", "olga-rs-secret", token.text("token")).body());
    }

    static String reason(JsonNode events, String tokenId) {
        return StreamSupport.stream(events.spliterator(), false)
                .filter(e -> tokenId.equals(e.at("/details/api_token_id").asText()))
                .map(e -> e.at("/details/reason").asText())
                .findFirst().orElseThrow(() -> new AssertionError("no error event for token " + tokenId + " in " + events));
    }
}
