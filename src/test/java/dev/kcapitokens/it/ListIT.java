package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Filters by status, owner and name, and pagination that returns every token exactly once. */
@KeycloakIT
class ListIT {

    static TestRealm realm;
    static String alice;
    static List<String> created = new ArrayList<>();
    static String revokedId;
    static String expiredId;

    @BeforeAll
    static void setUp(Keycloak keycloak) throws Exception {
        realm = keycloak.newRealm("list");
        alice = realm.login("alice");
        for (int i = 0; i < 23; i++) {
            created.add(realm.createToken(alice, Map.of("name", "batch " + i)).text("id"));
        }
        revokedId = realm.createToken(alice, Map.of("name", "Special revoked")).text("id");
        realm.api(alice).delete("/api/v1/token/" + revokedId);
        expiredId = realm.createExpiredToken(alice, Map.of("name", "special expired")).text("id");
    }

    static List<String> ids(Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        return ReferenceApiIT.tokenIds(reply.json());
    }

    @Test
    void pagesCoverEveryTokenExactlyOnceInAStableOrder() {
        List<String> seen = new ArrayList<>();
        int total = realm.api(alice).get("/api/v1/tokens").json().get("total").asInt();
        for (int first = 0; first < total; first += 7) {
            seen.addAll(ids(realm.api(alice).get("/api/v1/tokens?first=" + first + "&max=7")));
        }
        assertEquals(25, total);
        assertEquals(total, seen.size());
        assertEquals(total, new HashSet<>(seen).size(), "no token twice");
        assertTrue(seen.containsAll(created));
        assertEquals(seen, ids(realm.api(alice).get("/api/v1/tokens?max=1000")), "same order as one big page");
        assertEquals(expiredId, seen.get(0), "newest first");
    }

    @Test
    void filtersByStatus() {
        assertEquals(List.of(revokedId), ids(realm.api(alice).get("/api/v1/tokens?status=revoked")));
        assertEquals(List.of(expiredId), ids(realm.api(alice).get("/api/v1/tokens?status=expired")));
        List<String> active = ids(realm.api(alice).get("/api/v1/tokens?status=active"));
        assertEquals(Set.copyOf(created), Set.copyOf(active));
    }

    @Test
    void searchesNamesCaseInsensitively() {
        assertEquals(Set.of(revokedId, expiredId), Set.copyOf(ids(realm.api(alice).get("/api/v1/tokens?search=SPECIAL"))));
        assertEquals(List.of(), ids(realm.api(alice).get("/api/v1/tokens?search=%25")), "wildcards are literal");
    }

    @Test
    void administratorsFilterByOwner() {
        String bob = realm.login("bob");
        String bobs = realm.createToken(bob, Map.of("name", "bob's")).text("id");
        realm.user("ann", "api-token-admin");
        String ann = realm.login("ann");

        assertEquals(List.of(bobs), ids(realm.api(ann).get("/api/v1/tokens?owner=" + realm.userId("bob"))));
        JsonNode everything = realm.api(ann).get("/api/v1/tokens?max=1000").json();
        assertEquals(26, everything.get("total").asInt(), "alice's 25 and bob's one");
    }
}
