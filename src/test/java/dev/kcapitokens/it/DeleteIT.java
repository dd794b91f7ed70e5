package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Parallel;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Deleting one token, or all of an owner's, removes them with their clients and API Token Users. */
@KeycloakIT
class DeleteIT {

    static TestRealm realm;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("delete");
    }

    static void assertGone(Reply token) {
        assertEquals(0, realm.adminGet("/clients?clientId=" + token.text("client_id")).json().size(), "client removed");
        assertEquals(404, realm.adminGet("/users/" + token.text("user_id")).status(), "API Token User removed");
    }

    @Test
    void deletingOneRemovesTokenClientAndServiceAccount() {
        String alice = realm.login("alice");
        Reply token = realm.createToken(alice, Map.of("name", "doomed"));

        assertEquals(204, realm.api(alice).delete("/api/v1/token/" + token.text("id") + "?permanent=true").status());

        assertEquals(404, realm.api(alice).get("/api/v1/token/" + token.text("id")).status());
        assertGone(token);
        assertEquals(401, realm.exchange(token.text("client_id"), token.text("token")).status());
    }

    @Test
    void racingChangesOfOneTokenGetAnAnswerNeverA5xx() throws Exception {
        String erin = realm.login("erin");
        Reply token = realm.createToken(erin, Map.of("name", "contended"));
        String path = "/api/v1/token/" + token.text("id");
        List<Callable<Reply>> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(() -> realm.api(erin).postJson(path + "/regenerate", Map.of()));
            requests.add(() -> realm.api(erin).delete(path));
            requests.add(() -> realm.api(erin).delete(path + "?permanent=true"));
        }

        List<Reply> replies = Parallel.send(requests);

        for (Reply reply : replies) {
            assertTrue(Set.of(200, 204, 404, 409).contains(reply.status()), reply.status() + " " + reply.body());
        }
        // a 409 means another request changed the token and committed, so some request always gets through
        long succeeded = replies.stream().filter(reply -> reply.status() == 200 || reply.status() == 204).count();
        long deleted = replies.stream().filter(reply -> reply.status() == 204).count();
        assertTrue(succeeded >= 1, "some request got through");
        assertTrue(deleted <= 1, "a token is deleted once");
        if (deleted == 1) {
            assertEquals(404, realm.api(erin).get(path).status());
        } else {
            assertEquals(200, realm.api(erin).get(path).status(), "no deletion got through, so the token is still there");
            assertEquals(204, realm.api(erin).delete(path + "?permanent=true").status());
        }
        assertGone(token);
    }

    @Test
    void deleteAllTakesTheCallersTokensOnly() {
        String carol = realm.login("carol");
        String dave = realm.login("dave");
        Reply c1 = realm.createToken(carol, Map.of("name", "c1"));
        Reply c2 = realm.createToken(carol, Map.of("name", "c2"));
        Reply d1 = realm.createToken(dave, Map.of("name", "d1"));

        Reply deleted = realm.api(carol).delete("/api/v1/tokens");

        assertEquals(200, deleted.status());
        assertEquals(2, deleted.json().get("deleted").asInt());
        assertGone(c1);
        assertGone(c2);
        assertEquals(0, realm.api(carol).get("/api/v1/tokens").json().get("total").asInt());
        assertEquals("active", realm.api(dave).get("/api/v1/token/" + d1.text("id")).text("status"));
    }

    /** More tokens than one batch: every one goes, each with an admin event, over several transactions. */
    @Test
    void deleteAllWorksThroughBatches() {
        String gina = realm.login("gina");
        List<Reply> created = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            created.add(realm.createToken(gina, Map.of("name", "bulk " + i)));
        }

        Reply deleted = realm.api(gina).delete("/api/v1/tokens");

        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(130, deleted.json().get("deleted").asInt());
        assertEquals(0, realm.api(gina).get("/api/v1/tokens").json().get("total").asInt());
        assertGone(created.get(0));
        assertGone(created.get(129));
        long events = java.util.stream.StreamSupport.stream(realm.adminGet("/admin-events?max=1000").json().spliterator(), false)
                .filter(e -> "DELETE".equals(e.path("operationType").asText()) && "API_TOKEN".equals(e.path("resourceType").asText()))
                .filter(e -> e.path("representation").asText().contains("\"bulk "))
                .count();
        assertEquals(130, events, "one admin event per deleted token");
    }

    @Test
    void administratorDeletesEveryTokenOfAnOwner() {
        String erin = realm.login("erin");
        realm.user("admin-ann", "api-token-admin");
        String ann = realm.login("admin-ann");
        Reply e1 = realm.createToken(erin, Map.of("name", "e1"));

        assertEquals(403, realm.api(erin).delete("/api/v1/tokens?owner=" + realm.userId("admin-ann")).status());
        Reply deleted = realm.api(ann).delete("/api/v1/tokens?owner=" + realm.userId("erin"));

        assertEquals(1, deleted.json().get("deleted").asInt());
        assertGone(e1);
    }

    @Test
    void deletingTheOwnerDeletesTheirTokens() {
        String fred = realm.login("fred");
        Reply token = realm.createToken(fred, Map.of("name", "orphan"));

        assertEquals(204, realm.admin().delete(realm.adminPath("/users/" + realm.userId("fred"))).status());

        assertGone(token);
        assertTrue(realm.tokenAdmin().get("/tokens?owner=" + realm.userId("fred")).json().get("tokens").isEmpty());
    }
}
