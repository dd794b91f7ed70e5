package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** RFC 7662 at Keycloak's standard introspection endpoint, for the token itself and for JWTs exchanged for it. */
@KeycloakIT
class IntrospectionIT {

    static final String RS = "resource-server";
    static final String RS_SECRET = "rs-secret";
    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("introspect");
        realm.confidentialClient(RS, RS_SECRET);
        // Keycloak 26.7 introspects a JWT only for a client in its audience: the resource server is in the audience
        // of JWTs with systems.read, and of Keycloak's own JWTs from the login client
        realm.audienceOnScope("systems.read", RS);
        realm.audienceOnClient(TestRealm.CLI_CLIENT, RS);
        alice = realm.login("alice");
    }

    @Test
    void anUnmodifiedRfc7662ClientSeesAnActiveToken() throws Exception {
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Reply token = realm.createToken(alice, Map.of("name", "introspected", "expires_at", expiry.toString(),
                "allowed_scopes", List.of("members.read", "groups.read"), "allowed_ips", List.of("10.0.0.0/8")));

        URI endpoint = URI.create(realm.keycloak().baseUrl() + realm.path("/protocol/openid-connect/token/introspect"));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(endpoint,
                new ClientSecretBasic(new ClientID(RS), new Secret(RS_SECRET)), new BearerAccessToken(token.text("token")))
                .toHTTPRequest().send());

        assertTrue(response.indicatesSuccess());
        TokenIntrospectionSuccessResponse success = response.toSuccessResponse();
        assertTrue(success.isActive());
        assertEquals(Scope.parse("members.read groups.read"), success.getScope());
        assertEquals(token.text("user_id"), success.getSubject().getValue());
        assertEquals(token.text("client_id"), success.getClientID().getValue());
        assertEquals(expiry, success.getExpirationTime().toInstant());
        assertEquals("Bearer", success.getTokenType().getValue());
        assertEquals(token.text("id"), success.getStringParameter("api_token_id"));
        assertEquals(List.of("10.0.0.0/8"), success.getStringListParameter("allowed_ips"));
    }

    @Test
    void inactiveTokensYieldOnlyActiveFalse() {
        Reply token = realm.createToken(alice, Map.of("name", "revoked"));
        realm.api(alice).delete("/api/v1/token/" + token.text("id"));
        String forged = token.text("token").substring(0, 10) + "0000000000000000000000000000";

        for (String presented : List.of(token.text("token"), forged, "kcpat_short")) {
            Reply reply = realm.introspect(RS, RS_SECRET, presented);
            assertEquals(200, reply.status());
            assertEquals("{\"active\":false}", reply.body());
        }
    }

    @Test
    void jwtsExchangedForATokenIntrospectWhileTheTokenLives() {
        Reply token = realm.createToken(alice, Map.of("name", "jwt", "allowed_scopes", List.of("systems.read")));
        String jwt = realm.exchange(token.text("client_id"), token.text("token")).text("access_token");

        JsonNode active = realm.introspect(RS, RS_SECRET, jwt).json();

        assertTrue(active.get("active").asBoolean());
        assertEquals("systems.read", active.get("scope").asText());
        assertEquals(token.text("id"), active.get("api_token_id").asText());
        assertEquals(token.text("user_id"), active.get("sub").asText());
    }

    @Test
    void keycloaksOwnTokensStillIntrospectAsBefore() {
        JsonNode active = realm.introspect(RS, RS_SECRET, alice).json();

        assertTrue(active.get("active").asBoolean());
        assertEquals("alice", active.get("username").asText());
        assertEquals("{\"active\":false}", realm.introspect(RS, RS_SECRET, "not-a-token").body());
    }

    @Test
    void introspectionIsAnEvent() {
        Reply token = realm.createToken(alice, Map.of("name", "evented"));
        realm.introspect(RS, RS_SECRET, token.text("token"));

        JsonNode event = StreamSupport.stream(realm.events("INTROSPECT_TOKEN").spliterator(), false)
                .filter(e -> token.text("id").equals(e.at("/details/api_token_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no INTROSPECT_TOKEN event"));
        assertEquals(RS, event.get("clientId").asText());
        assertFalse(event.toString().contains(token.text("token")));
        assertNull(event.get("error"));
    }
}
