package dev.kcapitokens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** The benchmark's load generator still works: one second of token exchanges against the shared test server. */
@KeycloakIT
class BenchmarkSmokeIT {

    @Test
    void loadGeneratorDrivesExchanges(Keycloak keycloak) {
        TestRealm realm = keycloak.newRealm("benchsmoke");
        Reply token = realm.createToken(realm.login("alice"), Map.of("name", "smoke"));
        String form = "grant_type=client_credentials&client_id=" + token.text("client_id")
                + "&client_secret=" + URLEncoder.encode(token.text("token"), StandardCharsets.UTF_8);
        byte[] request = HttpConnection.postForm("127.0.0.1", keycloak.server().httpPort(), realm.path("/protocol/openid-connect/token"),
                form, null, null, true);

        LoadRun.Result result = LoadRun.run("127.0.0.1", keycloak.server().httpPort(),
                new LoadRun.Scenario("smoke", () -> () -> request, c -> c.bodyContains("\"access_token\""), true),
                2, Duration.ZERO, Duration.ofSeconds(1), 200);

        assertTrue(result.requests() > 0, result.toString());
        assertEquals(0, result.errors(), result.toString());
        assertTrue(result.p50Millis() > 0);
    }
}
