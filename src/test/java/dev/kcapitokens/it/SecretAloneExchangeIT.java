package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Jwt;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;
import dev.kcapitokens.model.TokenSecrets;

/** One string to store: client_credentials with the secret alone, as a form field or as HTTP Basic with an empty user. */
@KeycloakIT
class SecretAloneExchangeIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("alone");
        alice = realm.login("alice");
        realm.confidentialClient("billing-service", "billing-secret");
    }

    static Reply form(String secret) {
        return realm.keycloak().http().from(realm.address()).postForm(realm.path("/protocol/openid-connect/token"),
                Map.of("grant_type", "client_credentials", "client_secret", secret));
    }

    static Reply basicWithEmptyUser(String secret) {
        String credentials = Base64.getEncoder().encodeToString((":" + secret).getBytes(StandardCharsets.UTF_8));
        return realm.keycloak().http().from(realm.address()).header("Authorization", "Basic " + credentials)
                .postForm(realm.path("/protocol/openid-connect/token"), Map.of("grant_type", "client_credentials"));
    }

    @Test
    void theSecretAloneGivesTheSameJwtAsWithItsClientId() {
        Reply token = realm.createToken(alice, Map.of("name", "one string", "allowed_scopes", List.of("members.read", "groups.read")));

        for (Reply exchanged : List.of(form(token.text("token")), basicWithEmptyUser(token.text("token")))) {
            assertEquals(200, exchanged.status(), exchanged.body());
            JsonNode claims = Jwt.claims(exchanged.text("access_token"));
            JsonNode reference = Jwt.claims(realm.exchange(token.text("client_id"), token.text("token")).text("access_token"));
            assertEquals(token.text("client_id"), claims.get("azp").asText());
            assertEquals(token.text("user_id"), claims.get("sub").asText());
            assertEquals(token.text("id"), claims.get("api_token_id").asText());
            assertEquals(ExchangeIT.scopes(reference.get("scope").asText()), ExchangeIT.scopes(claims.get("scope").asText()));
            assertEquals(reference.get("api_token_gen"), claims.get("api_token_gen"));
        }
    }

    @Test
    void theSameChecksApplyAndEveryDenialIsTheSameInvalidClient() throws Exception {
        Reply revoked = realm.createToken(alice, Map.of("name", "revoked"));
        realm.api(alice).delete("/api/v1/token/" + revoked.text("id"));
        Reply fenced = realm.createToken(alice, Map.of("name", "fenced", "allowed_ips", List.of("192.0.2.0/24")));

        Map<String, Reply> denials = new LinkedHashMap<>();
        denials.put("unknown", form(TokenSecrets.generate(new SecureRandom())));
        denials.put("malformed", form("kcpat_nonsense"));
        denials.put("revoked", form(revoked.text("token")));
        denials.put("revoked, basic", basicWithEmptyUser(revoked.text("token")));
        denials.put("unknown, basic", basicWithEmptyUser(TokenSecrets.generate(new SecureRandom())));
        denials.put("wrong address", form(fenced.text("token")));

        Reply reference = realm.exchange("apitoken-does-not-exist", revoked.text("token"));
        assertEquals(401, reference.status());
        assertEquals("invalid_client", reference.text("error"));
        denials.forEach((why, reply) -> {
            assertEquals(401, reply.status(), why + ": " + reply);
            assertEquals(reference.body(), reply.body(), why);
        });
        JsonNode errors = realm.events("CLIENT_LOGIN_ERROR");
        assertEquals("revoked", DenialIT.reason(errors, revoked.text("id")));
        assertEquals("ip_not_allowed", DenialIT.reason(errors, fenced.text("id")));
        assertFalse(errors.toString().contains(revoked.text("token")));
    }

    @Test
    void anOrdinaryClientStillNeedsItsClientId() {
        assertEquals(200, realm.exchange("billing-service", "billing-secret").status(), "with its client_id it works");

        Reply withoutId = form("billing-secret");
        Reply basicWithoutId = basicWithEmptyUser("billing-secret");

        assertNotEquals(200, withoutId.status(), withoutId.body());
        assertNotEquals(200, basicWithoutId.status(), basicWithoutId.body());
        assertEquals("invalid_client", withoutId.text("error"));
    }

    @Test
    void theUseIsAClientLoginEventSayingHow() {
        Reply token = realm.createToken(alice, Map.of("name", "evented alone"));
        assertEquals(200, form(token.text("token")).status());

        JsonNode event = StreamSupport.stream(realm.events("CLIENT_LOGIN").spliterator(), false)
                .filter(e -> token.text("id").equals(e.at("/details/api_token_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no CLIENT_LOGIN event"));
        assertEquals("exchange_by_secret", event.at("/details/api_token_use").asText());
        assertEquals(token.text("client_id"), event.get("clientId").asText());
        assertEquals(token.text("user_id"), event.get("userId").asText());
    }
}
