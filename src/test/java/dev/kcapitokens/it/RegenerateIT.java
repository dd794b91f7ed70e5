package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Poll;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Regeneration: a new secret and validity for active, revoked and expired tokens, with an optional grace period. */
@KeycloakIT
class RegenerateIT {

    static final String RS = "rs";
    static final String RS_SECRET = "rs-secret";
    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("regen");
        alice = realm.login("alice");
        realm.confidentialClient(RS, RS_SECRET);
        realm.audienceOnScope("members.read", RS); // Keycloak 26.7 introspects JWTs only for their audience
    }

    static Reply regenerate(Reply token, Object body) {
        return realm.api(alice).postJson("/api/v1/token/" + token.text("id") + "/regenerate", body);
    }

    static Reply token(String name) {
        return realm.createToken(alice, Map.of("name", name, "description", "kept", "allowed_scopes", List.of("members.read"),
                "allowed_ips", List.of("10.0.0.0/8")));
    }

    @Test
    void activeTokenGetsANewSecretAndTheOldOneDiesAtOnce() {
        Reply token = token("rotate");
        String oldJwt = realm.exchange(token.text("client_id"), token.text("token")).text("access_token");
        assertTrue(realm.introspect(RS, RS_SECRET, oldJwt).json().get("active").asBoolean());

        Reply regenerated = regenerate(token, Map.of("duration", "P30D"));

        assertEquals(200, regenerated.status(), regenerated.body());
        JsonNode fresh = regenerated.json();
        assertNotEquals(token.text("token"), fresh.get("token").asText());
        for (String kept : List.of("id", "name", "description", "user_id", "client_id", "allowed_scopes", "allowed_ips")) {
            assertEquals(token.json().get(kept), fresh.get(kept), kept);
        }
        Instant expiry = Instant.parse(fresh.get("expires_at").asText());
        assertTrue(Duration.between(Instant.now(), expiry).minus(Duration.ofDays(30)).abs().toMinutes() < 2, expiry.toString());
        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status(), "old secret");
        assertEquals(200, realm.exchange(token.text("client_id"), fresh.get("token").asText()).status(), "new secret");
        assertEquals("{\"active\":false}", realm.introspect(RS, RS_SECRET, oldJwt).body(), "JWTs of the old secret");
        assertEquals("{\"active\":false}", realm.introspect(RS, RS_SECRET, token.text("token")).body());
    }

    @Test
    void gracePeriodKeepsTheOldSecretWorking() {
        Reply token = token("rolling");

        Reply regenerated = regenerate(token, Map.of("grace_period", "PT1H"));

        assertEquals(200, regenerated.status(), regenerated.body());
        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status(), "old secret within grace");
        assertEquals(200, realm.exchange(token.text("client_id"), regenerated.text("token")).status(), "new secret");
        Instant graceEnd = Instant.parse(regenerated.text("previous_token_valid_until"));
        assertTrue(graceEnd.isAfter(Instant.now().plus(59, ChronoUnit.MINUTES)));
        assertTrue(realm.introspect(RS, RS_SECRET, token.text("token")).json().get("active").asBoolean());
    }

    @Test
    void gracePeriodEnds() throws Exception {
        Reply token = token("short grace");
        Reply regenerated = regenerate(token, Map.of("grace_period", "PT3S"));
        assertEquals(200, regenerated.status(), regenerated.body());
        // that the old secret works within a grace period is shown above; here it must stop.
        // Introspection is not throttled, so polling it cannot lock the token out.
        Poll.until("the grace period ends", Duration.ofSeconds(60),
                () -> !realm.introspect(RS, RS_SECRET, token.text("token")).json().get("active").asBoolean());

        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status(), "old secret after the grace period");
        assertEquals(200, realm.exchange(token.text("client_id"), regenerated.text("token")).status());
        assertFalse(realm.api(alice).get("/api/v1/token/" + token.text("id")).json().has("previous_token_valid_until"), "shown only while the grace period runs");
    }

    @Test
    void aRevocationByAnAdministratorIsFinal() {
        Reply token = token("admin revoked");
        realm.user("adele", "api-token-admin");
        assertEquals(200, realm.api(realm.login("adele")).delete("/api/v1/token/" + token.text("id")).status());

        Reply regenerated = regenerate(token, Map.of());

        assertEquals(403, regenerated.status(), regenerated.body());
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + token.text("id")).text("status"));
    }

    @Test
    void anAdministratorRevokingATokenItsOwnerRevokedMakesTheRevocationFinal() {
        Reply token = token("revoked twice");
        assertEquals(200, realm.api(alice).delete("/api/v1/token/" + token.text("id")).status());
        realm.user("adam", "api-token-admin");
        Reply again = realm.api(realm.login("adam")).delete("/api/v1/token/" + token.text("id"));
        assertEquals(200, again.status(), again.body());

        Reply regenerated = regenerate(token, Map.of());

        assertEquals(403, regenerated.status(), regenerated.body());
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + token.text("id")).text("status"));
    }

    @Test
    void aRevocationByATokenActingForTheOwnerIsNotFinal() {
        Reply revoker = realm.createToken(alice, Map.of("name", "revoker", "allowed_scopes", List.of("token.delete")));
        String jwt = realm.exchange(revoker.text("client_id"), revoker.text("token")).text("access_token");
        Reply token = token("revoked by a sibling");
        assertEquals(200, realm.api(jwt).delete("/api/v1/token/" + token.text("id")).status());

        Reply regenerated = regenerate(token, Map.of());

        assertEquals(200, regenerated.status(), regenerated.body());
        assertEquals("active", regenerated.text("status"));
    }

    @Test
    void regenerationDoesNotReEnableAClientAnAdministratorDisabled() {
        Reply token = token("disabled in the console");
        JsonNode client = realm.adminGet("/clients?clientId=" + token.text("client_id")).json().get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) client).put("enabled", false);
        assertEquals(204, realm.admin().putJson(realm.adminPath("/clients/" + client.get("id").asText()), client).status());

        Reply regenerated = regenerate(token, Map.of());

        assertEquals(200, regenerated.status());
        assertEquals(401, realm.exchange(token.text("client_id"), regenerated.text("token")).status());
        assertEquals(false, realm.adminGet("/clients/" + client.get("id").asText()).json().get("enabled").asBoolean());
    }

    @Test
    void regenerationAfterRevocationDoesNotReEnableAClientAnAdministratorDisabled() {
        Reply token = token("disabled, then revoked");
        JsonNode client = realm.adminGet("/clients?clientId=" + token.text("client_id")).json().get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) client).put("enabled", false);
        assertEquals(204, realm.admin().putJson(realm.adminPath("/clients/" + client.get("id").asText()), client).status());
        assertEquals("revoked", realm.api(alice).delete("/api/v1/token/" + token.text("id")).text("status"));

        Reply regenerated = regenerate(token, Map.of());

        assertEquals(200, regenerated.status(), regenerated.body());
        assertEquals(401, realm.exchange(token.text("client_id"), regenerated.text("token")).status());
        assertEquals(false, realm.adminGet("/clients/" + client.get("id").asText()).json().get("enabled").asBoolean(),
                "our revocation did not disable the client, so our regeneration does not enable it");
    }

    @Test
    void revokedTokenComesBackWithANewSecretOnly() {
        Reply token = token("revived");
        realm.api(alice).delete("/api/v1/token/" + token.text("id"));

        Reply regenerated = regenerate(token, "");

        assertEquals(200, regenerated.status(), regenerated.body());
        assertEquals("active", regenerated.text("status"));
        assertTrue(regenerated.json().get("revoked_at").isNull());
        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals(200, realm.exchange(token.text("client_id"), regenerated.text("token")).status());
    }

    @Test
    void expiredTokenCanBeRegenerated() throws Exception {
        Reply token = realm.createExpiredToken(alice, Map.of("name", "lapsed"));
        assertEquals("expired", realm.api(alice).get("/api/v1/token/" + token.text("id")).text("status"));

        Reply regenerated = regenerate(token, Map.of("expires_at", Instant.now().plus(7, ChronoUnit.DAYS).toString()));

        assertEquals("active", regenerated.text("status"));
        assertEquals(200, realm.exchange(token.text("client_id"), regenerated.text("token")).status());
    }

    @Test
    void refusedRegenerationsChangeNothing() {
        Reply token = token("guarded");
        Reply revoked = token("revoked");
        realm.api(alice).delete("/api/v1/token/" + revoked.text("id"));

        assertEquals("grace_period", regenerate(token, Map.of("grace_period", "PT25H")).json().at("/fields/0/field").asText());
        assertEquals("grace_period", regenerate(revoked, Map.of("grace_period", "PT1H")).json().at("/fields/0/field").asText());
        assertEquals("duration", regenerate(token, Map.of("duration", "P1D", "expires_at", "2099-01-01")).json().at("/fields/0/field").asText());
        assertEquals("duration", regenerate(token, Map.of("duration", "-P1D")).json().at("/fields/0/field").asText());
        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status(), "the secret is unchanged");
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + revoked.text("id")).text("status"));
    }
}
