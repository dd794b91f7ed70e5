package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;

import dev.kcapitokens.it.support.Jwt;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Using a token: client_credentials with the token as client secret, from curl-like forms and from Nimbus. */
@KeycloakIT
class ExchangeIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("exchange");
        alice = realm.login("alice");
    }

    @Test
    void formPostGivesAJwtForTheApiTokenUserWithExactlyTheTokensScopes() {
        Reply token = realm.createToken(alice, Map.of("name", "form", "allowed_scopes", List.of("members.read", "groups.read-all")));

        Reply exchanged = realm.exchange(token.text("client_id"), token.text("token"));

        assertEquals(200, exchanged.status(), exchanged.body());
        JsonNode claims = Jwt.claims(exchanged.text("access_token"));
        assertEquals(token.text("user_id"), claims.get("sub").asText());
        assertEquals(token.text("client_id"), claims.get("azp").asText());
        assertEquals(token.text("id"), claims.get("api_token_id").asText());
        assertEquals(Set.of("members.read", "groups.read-all"), scopes(claims.get("scope").asText()));
        assertEquals(scopes(exchanged.text("scope")), scopes(claims.get("scope").asText()));
        assertFalse(exchanged.json().has("refresh_token"));
    }

    @Test
    void nimbusWithHttpBasicAndSignatureCheckedAgainstTheRealmsJwks() throws Exception {
        Reply token = realm.createToken(alice, Map.of("name", "nimbus basic", "allowed_scopes", List.of("devices.read")));

        JWTClaimsSet claims = exchangeWithNimbus(new ClientSecretBasic(new ClientID(token.text("client_id")), new Secret(token.text("token"))));

        assertEquals(token.text("user_id"), claims.getSubject());
        assertEquals("devices.read", claims.getStringClaim("scope"));
        assertEquals(token.text("id"), claims.getStringClaim("api_token_id"));
    }

    @Test
    void nimbusWithFormCredentials() throws Exception {
        Reply token = realm.createToken(alice, Map.of("name", "nimbus post", "allowed_scopes", List.of("devices.read-all")));

        JWTClaimsSet claims = exchangeWithNimbus(new ClientSecretPost(new ClientID(token.text("client_id")), new Secret(token.text("token"))));

        assertEquals("devices.read-all", claims.getStringClaim("scope"));
    }

    @Test
    void jwtNeverOutlivesTheToken() {
        Instant expiry = Instant.now().plus(90, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
        Reply token = realm.createToken(alice, Map.of("name", "short", "expires_at", expiry.toString()));

        Reply exchanged = realm.exchange(token.text("client_id"), token.text("token"));

        assertEquals(expiry.getEpochSecond(), Jwt.claims(exchanged.text("access_token")).get("exp").asLong(),
                "the realm's 5-minute lifespan is capped at the token's expiry");
        assertTrue(exchanged.json().get("expires_in").asLong() <= 90);
    }

    @Test
    void ordinaryClientSecretClientsKeepWorkingBesideTokens() {
        realm.confidentialClient("billing-service", "billing-secret");

        Reply ok = realm.exchange("billing-service", "billing-secret");
        Reply wrong = realm.exchangeFrom("192.0.2.200", "billing-service", "not-the-secret");

        assertEquals(200, ok.status(), ok.body());
        assertEquals(401, wrong.status());
        JsonNode executions = realm.adminGet("/authentication/flows/clients/executions").json();
        assertEquals("api-token", executions.get(0).path("providerId").asText(),
                "the extension installed its authenticator first in the clients flow: " + executions);
        assertTrue(StreamSupport.stream(executions.spliterator(), false).anyMatch(e -> "client-secret".equals(e.path("providerId").asText())));
    }

    @Test
    void useIsAClientLoginEventNamingTheToken() {
        Reply token = realm.createToken(alice, Map.of("name", "evented"));
        assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status());

        JsonNode event = StreamSupport.stream(realm.events("CLIENT_LOGIN").spliterator(), false)
                .filter(e -> token.text("id").equals(e.at("/details/api_token_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no CLIENT_LOGIN event for the token"));
        assertEquals(token.text("user_id"), event.get("userId").asText());
        assertEquals(token.text("client_id"), event.get("clientId").asText());
        assertEquals(realm.address(), event.get("ipAddress").asText());
        assertFalse(event.toString().contains(token.text("token")));
    }

    private static JWTClaimsSet exchangeWithNimbus(ClientAuthentication auth) throws Exception {
        URI endpoint = URI.create(realm.keycloak().baseUrl() + realm.path("/protocol/openid-connect/token"));
        TokenResponse response = TokenResponse.parse(new TokenRequest(endpoint, auth, new ClientCredentialsGrant()).toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        String jwt = ((AccessTokenResponse) response).getTokens().getAccessToken().getValue();

        JWKSet jwks = JWKSet.load(new URL(realm.keycloak().baseUrl() + realm.path("/protocol/openid-connect/certs")));
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet claims = processor.process(jwt, null);
        assertEquals(realm.keycloak().baseUrl() + realm.path(""), claims.getIssuer());
        return claims;
    }

    static Set<String> scopes(String scope) {
        return new TreeSet<>(Arrays.asList(scope.split(" ")));
    }
}
