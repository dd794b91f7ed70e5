package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Parallel;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Creations at the same moment: 100 give 100 distinct tokens, and a realm's per-user limit holds exactly however many
 * race for the last places (a count then an insert would let several through; the owner's lock row does not).
 */
@KeycloakIT
class ParallelCreateIT {

    static final int CREATES = 100;

    @Test
    void hundredParallelCreatesGiveHundredDistinctTokens(Keycloak keycloak) throws Exception {
        TestRealm realm = keycloak.newRealm("parallel");
        String alice = realm.login("alice");

        List<Reply> replies = createAtOnce(realm, alice, CREATES);

        Set<String> ids = new HashSet<>();
        Set<String> clientIds = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (Reply reply : replies) {
            assertEquals(200, reply.status(), reply.body());
            ids.add(reply.text("id"));
            clientIds.add(reply.text("client_id"));
            secrets.add(reply.text("token"));
        }
        assertEquals(CREATES, ids.size(), "ids");
        assertEquals(CREATES, clientIds.size(), "client ids");
        assertEquals(CREATES, secrets.size(), "secrets");
        assertEquals(CREATES, realm.api(alice).get("/api/v1/tokens?max=1").json().get("total").asInt());
        for (Reply reply : List.of(replies.get(0), replies.get(CREATES - 1))) {
            assertEquals(200, realm.exchange(reply.text("client_id"), reply.text("token")).status(), "each secret works");
        }
    }

    @Test
    void perUserLimitHoldsExactlyUnderConcurrency(Keycloak keycloak) throws Exception {
        TestRealm realm = keycloak.newRealm("quota-race");
        int limit = 5;
        int racing = 40;
        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("max_tokens_per_user", limit)).status());
        String bob = realm.login("bob");
        String carol = realm.login("carol");

        List<Reply> replies = createAtOnce(realm, bob, racing);

        int created = 0;
        for (Reply reply : replies) {
            if (reply.status() == 200) {
                created++;
            } else {
                assertEquals(400, reply.status(), reply.body());
                assertEquals("invalid_request", reply.text("error"), reply.body());
                assertEquals("owner", reply.json().at("/fields/0/field").asText(), reply.body());
            }
        }
        System.out.printf("quota race: %d creates raced, limit %d, %d succeeded%n", racing, limit, created);
        assertEquals(limit, created, "creations that got through");
        assertEquals(limit, realm.api(bob).get("/api/v1/tokens?max=1").json().get("total").asInt(), "tokens bob holds");
        assertEquals(limit, realm.tokenAdmin().get("/tokens?max=100&owner=" + realm.userId("bob")).json().get("tokens").size());
        assertEquals(200, realm.api(carol).postJson("/api/v1/token", Map.of("name", "another owner's room")).status());
    }

    /** {@code count} creations on threads of their own, released together once all are ready, as one burst. */
    static List<Reply> createAtOnce(TestRealm realm, String bearer, int count) throws Exception {
        CyclicBarrier start = new CyclicBarrier(count);
        List<Callable<Reply>> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "parallel " + i;
            requests.add(() -> {
                start.await();
                return realm.api(bearer).postJson("/api/v1/token", Map.of("name", name, "allowed_scopes", List.of("members.read")));
            });
        }
        return Parallel.send(requests);
    }
}
