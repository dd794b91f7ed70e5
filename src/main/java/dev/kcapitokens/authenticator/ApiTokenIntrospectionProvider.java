package dev.kcapitokens.authenticator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kcapitokens.metrics.ApiTokenMetrics;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.AuthorizationDetails;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.model.TokenSecrets;

/**
 * Keycloak's standard introspection endpoint, taught our tokens (RFC 7662).
 *
 * <ul>
 *   <li>A presented {@code kcpat_} secret is introspected here: active when the secret matches, the token is neither
 *   revoked nor expired and its owner is enabled. The IP allowlist cannot be checked (the caller is the resource
 *   server), so the answer carries {@code allowed_ips} for the gateway to enforce.</li>
 *   <li>Anything else goes to Keycloak's own access token introspection; a JWT exchanged for one of our tokens is
 *   additionally active only while the token is and while its generation is current.</li>
 * </ul>
 * An inactive token yields only {@code {"active":false}}.
 */
public class ApiTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    private static final Logger LOG = Logger.getLogger(ApiTokenIntrospectionProvider.class);

    public ApiTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String token, EventBuilder event) {
        if (!TokenSecrets.hasPrefix(token)) {
            return super.introspect(token, event);
        }
        this.eventBuilder = event;
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        ApiTokenModel apiToken = tokens.getBySecret(realm, token);
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        TokenUseCheck.Denial denial = TokenUseCheck.check(session, realm, tokens, apiToken, token, null, now);
        ClientModel client = apiToken == null ? null : realm.getClientById(apiToken.getClientUuid());
        UserModel user = apiToken == null ? null : session.users().getUserById(realm, apiToken.getUserId());
        if (denial == null && (client == null || !client.isEnabled() || user == null)) {
            denial = TokenUseCheck.Denial.UNKNOWN_TOKEN;
        }
        if (apiToken != null) {
            event.detail(ApiTokenNames.API_TOKEN_ID, apiToken.getId());
        }
        if (denial != null) {
            LOG.debugf("inactive api token at introspection realm=%s token=%s reason=%s",
                    realm.getName(), apiToken == null ? null : apiToken.getId(), denial.value());
            event.detail(Details.REASON, denial.value()).error(Errors.INVALID_TOKEN);
            ApiTokenMetrics.denied(realm.getName(), ApiTokenMetrics.Kind.INTROSPECTION, denial.value());
            return json(JsonSerialization.createObjectNode().put("active", false));
        }

        tokens.recordUse(realm, apiToken, null);
        event.user(user).success();
        ApiTokenMetrics.success(realm.getName(), ApiTokenMetrics.Kind.INTROSPECTION);
        return json(describe(apiToken, client, user));
    }

    private ObjectNode describe(ApiTokenModel token, ClientModel client, UserModel user) {
        ObjectNode json = JsonSerialization.createObjectNode();
        json.put("active", true);
        json.put(OAuth2Constants.SCOPE, String.join(" ", ScopeGrant.names(realm, token.getScopes())));
        json.put("client_id", client.getClientId());
        json.put("username", user.getUsername());
        json.put(OAuth2Constants.TOKEN_TYPE, "Bearer");
        json.put("sub", user.getId());
        json.put("iss", Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        json.put("iat", token.getCreatedAt().getEpochSecond());
        if (token.getExpiresAt() != null) {
            json.put("exp", token.getExpiresAt().getEpochSecond());
        }
        json.put(ApiTokenNames.API_TOKEN_ID, token.getId());
        ArrayNode ips = json.putArray("allowed_ips");
        token.getAllowedIps().forEach(ips::add);
        List<Map<String, Object>> details = AuthorizationDetails.of(realm, token);
        if (!details.isEmpty()) {
            json.set(AuthorizationDetails.CLAIM, JsonSerialization.mapper.valueToTree(details));
        }
        return json;
    }

    /** Keycloak's checks, and for a JWT of one of our tokens: the token is still active and of the same generation. */
    @Override
    protected boolean introspectionChecks(String tokenStr) {
        if (!super.introspectionChecks(tokenStr)) {
            return false;
        }
        if (!ApiTokenNames.isTokenClient(client)) {
            return true;
        }
        ApiTokenModel apiToken = session.getProvider(ApiTokenProvider.class).getByClient(realm, client);
        if (!TokenUseCheck.acceptsJwt(session, realm, apiToken, token, Instant.ofEpochMilli(Time.currentTimeMillis()))) {
            eventBuilder.detail(Details.REASON, "api token no longer active, its owner disabled, or regenerated or narrowed since")
                    .error(Errors.INVALID_TOKEN);
            ApiTokenMetrics.denied(realm.getName(), ApiTokenMetrics.Kind.INTROSPECTION, "jwt_no_longer_valid");
            return false;
        }
        eventBuilder.detail(ApiTokenNames.API_TOKEN_ID, apiToken.getId());
        ApiTokenMetrics.success(realm.getName(), ApiTokenMetrics.Kind.INTROSPECTION);
        return true;
    }

    private static Response json(ObjectNode body) {
        try {
            return Response.ok(JsonSerialization.writeValueAsBytes(body)).type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
