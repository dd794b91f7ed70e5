package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Poll;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * The extension's meters appear on Keycloak's {@code /metrics} (management port) and move with what happens; the test
 * realm's own name in the {@code realm} tag keeps other test classes' traffic out of the figures.
 */
@KeycloakIT
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("^(keycloak_api_tokens\\w*)\\{([^}]*)} ([0-9.eE+-]+)$");

    static TestRealm realm;
    static Http management;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("metrics");
        management = new Http(keycloak.server().managementUrl());
        alice = realm.login("alice");
        realm.confidentialClient("rs", "rs-secret");
    }

    /** Every sample of our meters for this realm, by name and its other tags in order. */
    static Map<String, Double> scrape() {
        Reply reply = management.get("/metrics");
        assertEquals(200, reply.status());
        Map<String, Double> samples = new HashMap<>();
        for (String line : reply.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(2).contains("realm=\"" + realm.name() + "\"")) {
                String tags = sample.group(2).replaceAll(",?realm=\"[^\"]*\"", "").replaceAll("^,", "");
                samples.put(sample.group(1) + "{" + tags + "}", Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    @Test
    void usesByOutcomeAndReason() {
        Reply token = realm.createToken(alice, Map.of("name", "measured", "allowed_scopes", List.of("token.read-all")));
        Reply other = realm.createToken(alice, Map.of("name", "other"));
        Map<String, Double> before = scrape();

        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status());
        assertEquals(401, realm.exchange(token.text("client_id"), other.text("token")).status());
        assertTrue(realm.introspect("rs", "rs-secret", token.text("token")).json().get("active").asBoolean());
        assertEquals(200, realm.api(token.text("token")).get("/api/v1/tokens").status(), "the secret as bearer");

        Map<String, Double> after = scrape();
        assertEquals(2.0, delta(before, after, "keycloak_api_tokens_uses_total{kind=\"exchange\",outcome=\"success\",reason=\"\"}"), after.toString());
        assertEquals(1.0, delta(before, after, "keycloak_api_tokens_uses_total{kind=\"exchange\",outcome=\"denied\",reason=\"wrong_secret\"}"));
        assertEquals(1.0, delta(before, after, "keycloak_api_tokens_uses_total{kind=\"introspection\",outcome=\"success\",reason=\"\"}"));
        assertEquals(1.0, delta(before, after, "keycloak_api_tokens_uses_total{kind=\"bearer\",outcome=\"success\",reason=\"\"}"));
    }

    @Test
    void changesByOperation() {
        Map<String, Double> before = scrape();

        Reply token = realm.createToken(alice, Map.of("name", "changed"));
        String path = "/api/v1/token/" + token.text("id");
        assertEquals(200, realm.api(alice).postJson(path + "/regenerate", Map.of()).status());
        assertEquals(200, realm.api(alice).delete(path).status());
        assertEquals(204, realm.api(alice).delete(path + "?permanent=true").status());

        Map<String, Double> after = scrape();
        for (String operation : List.of("create", "regenerate", "revoke", "delete")) {
            assertEquals(1.0, delta(before, after, "keycloak_api_tokens_changes_total{operation=\"" + operation + "\"}"), operation + " " + after);
        }
    }

    @Test
    void tokensPerStatus() {
        TestRealm counted = realm.keycloak().newRealm("metrics-counted");
        String bob = counted.login("bob");
        counted.createToken(bob, Map.of("name", "active"));
        Reply revoked = counted.createToken(bob, Map.of("name", "revoked"));
        counted.api(bob).delete("/api/v1/token/" + revoked.text("id"));
        counted.createExpiredToken(bob, Map.of("name", "expired"));

        Poll.until("the gauges count the realm's tokens", Duration.ofSeconds(60), () -> {
            Reply reply = management.get("/metrics");
            String prefix = "keycloak_api_tokens{realm=\"" + counted.name() + "\",status=\"";
            return reply.body().contains(prefix + "active\"} 1.0") && reply.body().contains(prefix + "revoked\"} 1.0")
                    && reply.body().contains(prefix + "expired\"} 1.0");
        });
    }
}
