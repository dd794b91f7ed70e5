package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Parallel;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * A change that is refused or rolled back never reaches what the hot paths serve from the token cache: the committed
 * state keeps being served, by the secret as bearer, by the exchange and by introspection, and the refused state never
 * appears (see the invariant in {@code TokenCache}).
 */
@KeycloakIT
class RefusedChangeIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("refused");
        alice = realm.login("alice");
        realm.confidentialClient("rs", "rs-secret");
    }

    static int bearerFrom(String secret, String address) {
        return realm.api(secret).from(address).get("/api/v1/tokens").status();
    }

    @Test
    void aStaleChangeLeavesTheCachedStateServed() {
        Reply token = realm.createToken(alice, Map.of("name", "stale", "allowed_scopes", List.of("token.read-all"),
                "allowed_ips", List.of("192.0.2.30")));
        String secret = token.text("token");
        String path = "/api/v1/token/" + token.text("id");
        assertEquals(200, bearerFrom(secret, "192.0.2.30"), "the token is cached now");
        assertEquals(200, realm.api(alice).patchJson(path, Map.of("version", token.json().get("version").asInt(), "name", "renamed")).status());

        Reply refusedAllowlist = realm.api(alice).patchJson(path, Map.of("version", token.json().get("version").asInt(),
                "allowed_ips", List.of("198.51.100.30")));
        Reply refusedRegenerate = realm.api(alice).postJson(path + "/regenerate", Map.of("version", token.json().get("version").asInt()));

        assertEquals(409, refusedAllowlist.status(), refusedAllowlist.body());
        assertEquals(409, refusedRegenerate.status(), refusedRegenerate.body());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, bearerFrom(secret, "192.0.2.30"));
            assertEquals(401, bearerFrom(secret, "198.51.100.30"), "the refused allowlist never applies");
            assertEquals(200, realm.exchangeFrom("192.0.2.30", token.text("client_id"), secret).status(), "the secret was not replaced");
        }
        assertEquals("192.0.2.30", realm.introspect("rs", "rs-secret", secret).json().at("/allowed_ips/0").asText());
        assertEquals("renamed", realm.api(alice).get(path).text("name"));
    }

    @Test
    void ofConcurrentChangesOnlyTheCommittedOneIsEverServed() throws Exception {
        Reply token = realm.createToken(alice, Map.of("name", "raced", "allowed_scopes", List.of("token.read-all"),
                "allowed_ips", List.of("192.0.2.40")));
        String secret = token.text("token");
        String path = "/api/v1/token/" + token.text("id");
        assertEquals(200, bearerFrom(secret, "192.0.2.40"));
        int version = token.json().get("version").asInt();

        List<Callable<Reply>> changes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String address = "198.51.100." + (40 + i);
            changes.add(() -> realm.api(alice).patchJson(path, Map.of("version", version, "allowed_ips", List.of(address))));
        }
        List<Reply> replies = Parallel.send(changes);

        List<String> winners = new ArrayList<>();
        List<String> losers = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            Reply reply = replies.get(i);
            String address = "198.51.100." + (40 + i);
            if (reply.status() == 200) {
                winners.add(address);
            } else {
                assertEquals(409, reply.status(), reply.body());
                losers.add(address);
            }
        }
        assertEquals(1, winners.size(), "exactly one change commits: " + replies);
        for (int round = 0; round < 3; round++) {
            assertEquals(200, bearerFrom(secret, winners.get(0)));
            assertEquals(401, bearerFrom(secret, "192.0.2.40"), "the old allowlist is gone");
            for (String loser : losers) {
                assertEquals(401, bearerFrom(secret, loser), "a refused allowlist never applies: " + loser);
            }
        }
        assertEquals(List.of(winners.get(0)), ReferenceApiIT.strings(realm.introspect("rs", "rs-secret", secret).json().get("allowed_ips")));
    }
}
