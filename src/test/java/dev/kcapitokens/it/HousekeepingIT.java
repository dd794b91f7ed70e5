package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Poll;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Housekeeping: the policy's {@code delete_ended_after_days} deletes tokens revoked or expired longer ago, each with its
 * client, its API Token User and an admin event. "Longer ago" is tested honestly with tokens that ended just now: kept
 * at 1 day, deleted at 0 days. The tests run the task through the admin API.
 */
@KeycloakIT
class HousekeepingIT {

    /** Runs the task for the realm now; a run in progress elsewhere (409) is waited out. */
    static JsonNode runHousekeeping(TestRealm realm) {
        Reply[] reply = new Reply[1];
        Poll.until("the housekeeping task runs", Duration.ofSeconds(60), () -> {
            reply[0] = realm.tokenAdmin().postJson("/tasks/housekeeping", Map.of());
            return reply[0].status() != 409;
        });
        assertEquals(200, reply[0].status(), reply[0].body());
        return reply[0].json();
    }

    /** An active token, one revoked and one expired, all ended (or not) just now. */
    record Tokens(Reply active, Reply revoked, Reply expired) {

        List<Reply> all() {
            return List.of(active, revoked, expired);
        }
    }

    static Tokens tokens(TestRealm realm, String bearer) {
        Reply active = realm.createToken(bearer, Map.of("name", "active", "allowed_scopes", List.of("members.read"),
                "expires_at", Instant.now().plus(Duration.ofDays(30)).toString()));
        Reply revoked = realm.createToken(bearer, Map.of("name", "revoked", "allowed_scopes", List.of("members.read")));
        assertEquals(200, realm.api(bearer).delete("/api/v1/token/" + revoked.text("id")).status());
        Reply expired = realm.createExpiredToken(bearer, new HashMap<>(Map.of("name", "expired", "allowed_scopes", List.of("members.read"))));
        return new Tokens(active, revoked, expired);
    }

    static boolean exists(TestRealm realm, Reply token) {
        return realm.tokenAdmin().get("/tokens/" + token.text("id")).status() == 200;
    }

    @Test
    void tokensThatEndedLongerAgoGoWithTheirClientsAndUsersRecentAndActiveOnesStay(Keycloak keycloak) {
        TestRealm realm = keycloak.newRealm("housekeeping");
        String alice = realm.login("alice");
        Tokens tokens = tokens(realm, alice);

        JsonNode off = runHousekeeping(realm);
        assertFalse(off.get("enabled").asBoolean(), off.toString());
        assertEquals("the realm policy has no delete_ended_after_days", off.get("disabled_because").asText());
        assertTrue(realm.tokenAdmin().get("/policy").json().get("delete_ended_after_days").isNull(), "off by default");
        tokens.all().forEach(token -> assertTrue(exists(realm, token), "off by default: " + token.text("name") + " stays"));

        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("delete_ended_after_days", 1)).status());
        JsonNode dayLater = runHousekeeping(realm);
        assertTrue(dayLater.get("enabled").asBoolean(), dayLater.toString());
        assertEquals(0, dayLater.get("deleted").asInt(), dayLater.toString());
        tokens.all().forEach(token -> assertTrue(exists(realm, token), "ended less than a day ago: " + token.text("name") + " stays"));

        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("delete_ended_after_days", 0)).status());
        JsonNode now = runHousekeeping(realm);
        assertEquals(2, now.get("deleted").asInt(), now.toString());
        assertEquals(0, now.get("failed").asInt(), now.toString());
        assertTrue(Instant.parse(now.get("ended_before").asText()).isAfter(Instant.parse(tokens.expired().text("expires_at"))));

        assertTrue(exists(realm, tokens.active()), "the active token stays");
        for (Reply gone : List.of(tokens.revoked(), tokens.expired())) {
            assertFalse(exists(realm, gone), gone.text("name") + " is deleted");
            assertEquals(0, realm.adminGet("/clients?clientId=" + gone.text("client_id")).json().size(), "its client is gone");
            assertEquals(404, realm.adminGet("/users/" + gone.text("user_id")).status(), "its API Token User is gone");
        }
        assertEquals(1, realm.adminGet("/clients?clientId=" + tokens.active().text("client_id")).json().size());
        assertEquals(0, runHousekeeping(realm).get("deleted").asInt(), "nothing left to delete");
    }

    @Test
    void everyDeletionIsAnAdminEventWithoutSecrets(Keycloak keycloak) throws Exception {
        TestRealm realm = keycloak.newRealm("housekeeping-audit");
        String bob = realm.login("bob");
        Tokens tokens = tokens(realm, bob);
        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("delete_ended_after_days", 0)).status());

        assertEquals(2, runHousekeeping(realm).get("deleted").asInt());

        String adminId = keycloak.admin().get("/admin/realms/master/users?username=admin&exact=true").json().get(0).get("id").asText();
        List<String> deleted = new ArrayList<>();
        for (JsonNode event : realm.adminEvents()) {
            if ("DELETE".equals(event.get("operationType").asText()) && "API_TOKEN".equals(event.get("resourceType").asText())) {
                deleted.add(event.get("resourcePath").asText());
                assertEquals("housekeeping", event.at("/details/task").asText(), event.toString());
                assertEquals(adminId, event.at("/authDetails/userId").asText(), "the administrator who ran it");
                JsonNode representation = new ObjectMapper().readTree(event.get("representation").asText());
                assertFalse(representation.hasNonNull("token"), event.toString());
                assertTrue(representation.get("status").asText().matches("revoked|expired"), event.toString());
            }
        }
        assertEquals(List.of("api-tokens/" + tokens.expired().text("id"), "api-tokens/" + tokens.revoked().text("id")).stream().sorted().toList(),
                deleted.stream().sorted().toList());
        String all = realm.adminEvents().toString();
        for (Reply token : tokens.all()) {
            assertFalse(all.contains(token.text("token")), "no secret in the events");
        }
    }

    @Test
    void thePolicyRefusesBadValues(Keycloak keycloak) {
        TestRealm realm = keycloak.newRealm("housekeeping-policy");
        for (Object bad : List.of(-1, 36_501, "30", 1.5, true)) {
            Reply reply = realm.tokenAdmin().putJson("/policy", Map.of("delete_ended_after_days", bad));
            assertEquals(400, reply.status(), bad + " -> " + reply.body());
            assertEquals("delete_ended_after_days", reply.json().get("field").asText(), reply.body());
        }
        assertTrue(realm.tokenAdmin().get("/policy").json().get("delete_ended_after_days").isNull());

        realm.grantRealmManagementRole("viewer", "view-realm");
        Reply refused = keycloak.http().bearer(realm.login("viewer")).postJson(realm.adminPath("/api-tokens/tasks/housekeeping"), Map.of());
        assertEquals(403, refused.status(), refused.body());
    }
}
