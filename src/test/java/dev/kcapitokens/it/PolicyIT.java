package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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

/** The realm policy, set through the admin API, and each of its limits enforced at creation and regeneration. */
@KeycloakIT
class PolicyIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("policy");
        alice = realm.login("alice");
    }

    @AfterEach
    void resetPolicy() {
        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of()).status());
    }

    static void policy(Map<String, Object> policy) {
        Reply reply = realm.tokenAdmin().putJson("/policy", policy);
        assertEquals(200, reply.status(), reply.body());
    }

    static Reply create(Map<String, Object> body) {
        return realm.api(alice).postJson("/api/v1/token", body);
    }

    static String badField(Reply reply) {
        assertEquals(400, reply.status(), reply.body());
        return reply.json().at("/fields/0/field").asText();
    }

    /** The admin API answers in the shape of the rest of /admin: Keycloak's ErrorRepresentation. */
    static String badAdminField(Reply reply) {
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.json().get("errorMessage").asText().startsWith(reply.json().get("field").asText()), reply.body());
        return reply.json().at("/errors/0/field").asText();
    }

    @Test
    void defaultsAndRoundTrip() {
        JsonNode defaults = realm.tokenAdmin().get("/policy").json();
        assertTrue(defaults.get("max_lifetime").isNull());
        assertEquals("P1D", defaults.get("max_grace_period").asText());
        assertTrue(defaults.get("users_may_create").asBoolean());

        policy(Map.of("max_lifetime", "P90D", "default_lifetime", "P30D", "expiry_required", true, "max_tokens_per_user", 5,
                "max_grace_period", "PT2H", "users_may_create", false));

        JsonNode saved = realm.tokenAdmin().get("/policy").json();
        assertEquals("P90D", saved.get("max_lifetime").asText());
        assertEquals("P30D", saved.get("default_lifetime").asText());
        assertTrue(saved.get("expiry_required").asBoolean());
        assertEquals(5, saved.get("max_tokens_per_user").asInt());
        assertEquals("PT2H", saved.get("max_grace_period").asText());
        assertEquals(false, saved.get("users_may_create").asBoolean());
        JsonNode event = StreamSupport.stream(realm.adminEvents().spliterator(), false)
                .filter(e -> "API_TOKEN_POLICY".equals(e.get("resourceType").asText())).findFirst().orElseThrow();
        assertEquals("UPDATE", event.get("operationType").asText());
    }

    @Test
    void invalidPoliciesAre400() {
        assertEquals("max_grace_period", badAdminField(realm.tokenAdmin().putJson("/policy", Map.of("max_grace_period", "PT25H"))));
        assertEquals("default_lifetime", badAdminField(realm.tokenAdmin().putJson("/policy", Map.of("max_lifetime", "P1D", "default_lifetime", "P2D"))));
        assertEquals("max_tokens_per_user", badAdminField(realm.tokenAdmin().putJson("/policy", Map.of("max_tokens_per_user", 0))));
        assertEquals("max_lifetime", badAdminField(realm.tokenAdmin().putJson("/policy", Map.of("max_lifetime", "forever"))));
    }

    @Test
    void maximumLifetime() {
        policy(Map.of("max_lifetime", "P30D"));

        assertEquals("expires_at", badField(create(Map.of("name", "too long", "expires_at", Instant.now().plus(31, ChronoUnit.DAYS).toString()))));
        Reply capped = create(Map.of("name", "no expiry asked"));
        assertEquals(200, capped.status());
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(capped.text("expires_at")));
        assertTrue(lifetime.compareTo(Duration.ofDays(30)) <= 0 && lifetime.compareTo(Duration.ofDays(29)) > 0, lifetime.toString());
        assertEquals("duration", badField(realm.api(alice).postJson("/api/v1/token/" + capped.text("id") + "/regenerate", Map.of("duration", "P60D"))));
    }

    @Test
    void defaultLifetimeAndRequiredExpiry() {
        policy(Map.of("expiry_required", true));
        assertEquals("expires_at", badField(create(Map.of("name", "eternal"))));
        assertEquals(200, create(Map.of("name", "dated", "expires_at", "2030-01-01")).status());

        policy(Map.of("expiry_required", true, "default_lifetime", "P7D"));
        Reply defaulted = create(Map.of("name", "defaulted"));
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(defaulted.text("expires_at")));
        assertTrue(lifetime.toHours() >= 167 && lifetime.toHours() <= 168, lifetime.toString());
    }

    @Test
    void maximumTokensPerUser() {
        String bob = realm.login("bob");
        policy(Map.of("max_tokens_per_user", 2));
        assertEquals(200, realm.api(bob).postJson("/api/v1/token", Map.of("name", "one")).status());
        assertEquals(200, realm.api(bob).postJson("/api/v1/token", Map.of("name", "two")).status());

        Reply third = realm.api(bob).postJson("/api/v1/token", Map.of("name", "three"));

        assertEquals("owner", badField(third));
        assertEquals(2, realm.api(bob).get("/api/v1/tokens").json().get("total").asInt());
    }

    @Test
    void maximumGracePeriod() {
        Reply token = create(Map.of("name", "graceful"));
        policy(Map.of("max_grace_period", "PT10M"));

        assertEquals("grace_period", badField(realm.api(alice).postJson("/api/v1/token/" + token.text("id") + "/regenerate",
                Map.of("grace_period", "PT1H"))));
        assertEquals(200, realm.api(alice).postJson("/api/v1/token/" + token.text("id") + "/regenerate",
                Map.of("grace_period", "PT10M")).status());
    }

    @Test
    void onlyAdministratorsWhenUsersMayNotCreate() {
        realm.user("ada", "api-token-admin");
        String ada = realm.login("ada");
        Reply existing = create(Map.of("name", "before the rule"));
        policy(Map.of("users_may_create", false));

        Reply refused = create(Map.of("name", "after the rule"));
        assertEquals(403, refused.status());
        assertEquals("access_denied", refused.text("error"));
        assertEquals(403, realm.api(alice).postJson("/api/v1/token/" + existing.text("id") + "/regenerate", Map.of()).status());
        assertEquals(200, realm.api(ada).postJson("/api/v1/token", Map.of("name", "admin's")).status());
    }

    @Test
    void adminApiListsAndRevokesAnyToken() {
        Reply token = create(Map.of("name", "seen by the admin"));

        JsonNode list = realm.tokenAdmin().get("/tokens?owner=" + realm.userId("alice")).json();
        assertTrue(ReferenceApiIT.tokenIds(list).contains(token.text("id")));
        assertEquals(token.text("id"), realm.tokenAdmin().get("/tokens/" + token.text("id")).text("id"));
        assertEquals("revoked", realm.tokenAdmin().delete("/tokens/" + token.text("id")).text("status"));
        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals(404, realm.tokenAdmin().get("/tokens/00000000-0000-0000-0000-000000000000").status());
        assertEquals(400, realm.tokenAdmin().delete("/tokens/" + token.text("id") + "?permanent=yes").status());
    }

    @Test
    void realmUsersAreNotRealmAdministrators() {
        // a person of the realm is authenticated there (not a 401), but holds no admin role: 403
        Reply asUser = realm.keycloak().http().bearer(alice).get(realm.adminPath("/api-tokens/policy"));
        assertEquals(403, asUser.status(), asUser.toString());
        Map<String, Object> change = new HashMap<>();
        change.put("users_may_create", false);
        Reply write = realm.keycloak().http().bearer(alice).putJson(realm.adminPath("/api-tokens/policy"), change);
        assertEquals(403, write.status(), write.toString());
        assertEquals(401, realm.keycloak().http().get(realm.adminPath("/api-tokens/policy")).status(), "no bearer token at all");
        assertTrue(realm.tokenAdmin().get("/policy").json().get("users_may_create").asBoolean(), "unchanged");
    }
}
