package dev.kcapitokens.it.cluster;

import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Puts a resource server into the {@code aud} of every JWT that carries a client scope (an audience mapper on the
 * scope), so that it may introspect those JWTs: Keycloak 26.7 answers {@code {"active":false}} to an introspecting
 * client outside the JWT's audience.
 */
final class Audience {

    private Audience() {
    }

    static void onScope(TestRealm realm, String scopeName, String audienceClientId) {
        JsonNode scope = StreamSupport.stream(realm.adminGet("/client-scopes").json().spliterator(), false)
                .filter(s -> scopeName.equals(s.get("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no client scope " + scopeName));
        Reply created = realm.admin().postJson(realm.adminPath("/client-scopes/" + scope.get("id").asText() + "/protocol-mappers/models"),
                Map.of("name", "audience " + audienceClientId, "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", audienceClientId, "access.token.claim", "true",
                                "introspection.token.claim", "true")));
        if (created.status() != 201) {
            throw new AssertionError("audience mapper creation failed: " + created);
        }
    }
}
