package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;
import dev.kcapitokens.model.TokenSecrets;

/**
 * The API token itself as the bearer of the token API ({@code Authorization: Bearer kcpat_…}): the checks of an
 * exchange, the scopes and limits of the JWT it would be exchanged for, and every denial the 401 of an invalid JWT.
 */
@KeycloakIT
class BearerIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("bearer");
        alice = realm.login("alice");
    }

    /** The token API with the secret as bearer, from the given client address. */
    static Http holder(String secret, String address) {
        return realm.api(secret).from(address);
    }

    @Test
    void theSecretCallsTheApiWithinItsScopes() {
        Reply caller = realm.createToken(alice, Map.of("name", "direct",
                "allowed_scopes", List.of("token.read-all", "token.read", "token.create", "token.delete")));
        String secret = caller.text("token");

        Reply list = holder(secret, realm.address()).get("/api/v1/tokens");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(caller.text("id")), "it lists its owner's tokens");

        Reply created = holder(secret, realm.address()).postJson("/api/v1/token", Map.of("name", "made directly"));
        assertEquals(200, created.status(), created.body());
        assertEquals(realm.userId("alice"), created.text("owner_id"));
        assertEquals(caller.text("user_id"), created.json().at("/created_by/id").asText(), "attributed to the API Token User");
        assertEquals(200, holder(secret, realm.address()).get("/api/v1/token/" + created.text("id")).status());
        assertEquals("revoked", holder(secret, realm.address()).delete("/api/v1/token/" + created.text("id")).text("status"));
    }

    @Test
    void withoutTheReferenceScopeIs403() {
        String secret = realm.createToken(alice, Map.of("name", "narrow", "allowed_scopes", List.of("members.read"))).text("token");

        Reply reply = holder(secret, realm.address()).get("/api/v1/tokens");

        assertEquals(403, reply.status(), reply.body());
        assertEquals("insufficient_scope", reply.text("error"));
        assertTrue(reply.header("WWW-Authenticate").contains("scope=\"token.read-all\""));
        assertEquals(403, holder(secret, realm.address()).postJson("/api/v1/token", Map.of("name", "x")).status());
    }

    @Test
    void itCannotMakeATokenStrongerThanItself() {
        String secret = realm.createToken(alice, Map.of("name", "contained", "allowed_scopes", List.of("token.create", "members.read"),
                "allowed_ips", List.of(realm.address() + "/32"))).text("token");

        Reply wider = holder(secret, realm.address()).postJson("/api/v1/token", Map.of("name", "wider", "allowed_scopes", List.of("groups.read")));
        Reply anywhere = holder(secret, realm.address()).postJson("/api/v1/token", Map.of("name", "anywhere", "allowed_scopes", List.of("members.read")));
        Reply within = holder(secret, realm.address()).postJson("/api/v1/token", Map.of("name", "within", "allowed_scopes", List.of("members.read"),
                "allowed_ips", List.of(realm.address())));

        assertEquals(403, wider.status(), wider.body());
        assertEquals("access_denied", wider.text("error"));
        assertEquals(403, anywhere.status(), "no allowlist is wider than the caller's");
        assertEquals(200, within.status(), within.body());
    }

    @Test
    void everyDenialIsTheAnswerToAnInvalidJwt() throws Exception {
        List<String> all = List.of("token.read-all");
        Reply revoked = realm.createToken(alice, Map.of("name", "revoked", "allowed_scopes", all));
        assertEquals(200, holder(revoked.text("token"), realm.address()).get("/api/v1/tokens").status(), "works before");
        realm.api(alice).delete("/api/v1/token/" + revoked.text("id"));
        Reply expired = realm.createExpiredToken(alice, Map.of("name", "expired", "allowed_scopes", all));
        Reply fenced = realm.createToken(alice, Map.of("name", "fenced", "allowed_scopes", all, "allowed_ips", List.of("192.0.2.0/24")));
        Reply regenerated = realm.createToken(alice, Map.of("name", "regenerated", "allowed_scopes", all));
        assertEquals(200, realm.api(alice).postJson("/api/v1/token/" + regenerated.text("id") + "/regenerate", Map.of()).status());

        Map<String, Reply> denials = new LinkedHashMap<>();
        denials.put("unknown", holder(TokenSecrets.generate(new SecureRandom()), realm.address()).get("/api/v1/tokens"));
        denials.put("malformed", holder("kcpat_nonsense", realm.address()).get("/api/v1/tokens"));
        denials.put("revoked", holder(revoked.text("token"), realm.address()).get("/api/v1/tokens"));
        denials.put("expired", holder(expired.text("token"), realm.address()).get("/api/v1/tokens"));
        denials.put("wrong address", holder(fenced.text("token"), "198.51.100.107").get("/api/v1/tokens"));
        denials.put("old secret", holder(regenerated.text("token"), realm.address()).get("/api/v1/tokens"));

        Reply invalidJwt = realm.api("not-a-jwt").get("/api/v1/tokens");
        assertEquals(401, invalidJwt.status());
        assertEquals("invalid_token", invalidJwt.text("error"));
        denials.forEach((why, reply) -> {
            assertEquals(401, reply.status(), why);
            assertEquals(invalidJwt.body(), reply.body(), why);
            assertEquals(invalidJwt.header("WWW-Authenticate"), reply.header("WWW-Authenticate"), why);
        });
        assertEquals(200, holder(fenced.text("token"), "192.0.2.7").get("/api/v1/tokens").status(), "from an allowed address");

        JsonNode errors = realm.events("CLIENT_LOGIN_ERROR");
        assertEquals("revoked", DenialIT.reason(errors, revoked.text("id")));
        assertEquals("expired", DenialIT.reason(errors, expired.text("id")));
        assertEquals("ip_not_allowed", DenialIT.reason(errors, fenced.text("id")));
        assertTrue(StreamSupport.stream(errors.spliterator(), false).anyMatch(e -> "unknown_token".equals(e.at("/details/reason").asText())
                && "bearer".equals(e.at("/details/api_token_use").asText())), "an unknown secret is recorded too: " + errors);
        for (Reply token : List.of(revoked, expired, fenced, regenerated)) {
            assertFalse(errors.toString().contains(token.text("token")), "an event holds a secret");
        }
    }

    @Test
    void revocationAndADisabledClientStopTheNextCall() {
        Reply token = realm.createToken(alice, Map.of("name", "stopped", "allowed_scopes", List.of("token.read-all")));
        String secret = token.text("token");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, holder(secret, realm.address()).get("/api/v1/tokens").status(), "cached after the first call");
        }
        assertEquals(200, realm.api(alice).delete("/api/v1/token/" + token.text("id")).status());
        assertEquals(401, holder(secret, realm.address()).get("/api/v1/tokens").status(), "the very next call");

        Reply other = realm.createToken(alice, Map.of("name", "disabled in the console", "allowed_scopes", List.of("token.read-all")));
        assertEquals(200, holder(other.text("token"), realm.address()).get("/api/v1/tokens").status());
        String clientUuid = realm.adminGet("/clients?clientId=" + other.text("client_id")).json().get(0).get("id").asText();
        ObjectNode client = (ObjectNode) realm.adminGet("/clients/" + clientUuid).json();
        client.put("enabled", false);
        assertEquals(204, realm.admin().putJson(realm.adminPath("/clients/" + clientUuid), client).status());
        assertEquals(401, holder(other.text("token"), realm.address()).get("/api/v1/tokens").status());
        assertEquals("client_disabled", DenialIT.reason(realm.events("CLIENT_LOGIN_ERROR"), other.text("id")));
    }

    @Test
    void aUseIsTheTokensLastUseAndAClientLoginEvent() {
        Reply token = realm.createToken(alice, Map.of("name", "used directly", "allowed_scopes", List.of("token.read")));
        String path = "/api/v1/token/" + token.text("id");

        assertEquals(200, holder(token.text("token"), "192.0.2.77").get(path).status());

        JsonNode seen = realm.api(alice).get(path).json();
        assertEquals("192.0.2.77", seen.get("last_used_ip").asText());
        assertFalse(seen.get("last_used_at").isNull());
        JsonNode event = StreamSupport.stream(realm.events("CLIENT_LOGIN").spliterator(), false)
                .filter(e -> token.text("id").equals(e.at("/details/api_token_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no CLIENT_LOGIN event for the direct use"));
        assertEquals("bearer", event.at("/details/api_token_use").asText());
        assertEquals(token.text("user_id"), event.get("userId").asText());
        assertEquals(token.text("client_id"), event.get("clientId").asText());
        assertEquals("192.0.2.77", event.get("ipAddress").asText());
        assertFalse(event.toString().contains(token.text("token")));
    }

    /** A right secret from a wrong address is the only failure a bearer can make on a token; it counts per address. */
    @Test
    void useFromAWrongAddressIsThrottledWhileTheDeploymentKeepsWorking() {
        Reply token = realm.createToken(alice, Map.of("name", "guarded", "allowed_scopes", List.of("token.read-all"),
                "allowed_ips", List.of("192.0.2.20")));
        String secret = token.text("token");
        assertEquals(200, holder(secret, "192.0.2.20").get("/api/v1/tokens").status());

        for (int i = 0; i < ThrottleIT.PER_ADDRESS; i++) {
            assertEquals(401, holder(secret, "198.51.100.20").get("/api/v1/tokens").status());
        }
        assertEquals(401, holder(secret, "198.51.100.20").get("/api/v1/tokens").status());

        assertEquals("throttled", DenialIT.reason(realm.events("CLIENT_LOGIN_ERROR"), token.text("id")));
        assertEquals(200, holder(secret, "192.0.2.20").get("/api/v1/tokens").status(), "the address that used it keeps working");
    }

    /** A secret that names no token guesses at nothing: it leaves no mark, so the address is not locked out of real tokens. */
    @Test
    void secretsThatNameNoTokenLeaveTheAddressAlone() {
        String guesser = "203.0.113.44";
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 3 * ThrottleIT.PER_ADDRESS; i++) {
            assertEquals(401, holder(TokenSecrets.generate(random), guesser).get("/api/v1/tokens").status());
        }
        Reply fresh = realm.createToken(alice, Map.of("name", "fresh", "allowed_scopes", List.of("token.read-all")));

        assertEquals(200, holder(fresh.text("token"), guesser).get("/api/v1/tokens").status());
    }
}
