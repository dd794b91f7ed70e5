package dev.kcapitokens.model;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The names the extension writes into Keycloak and onto the wire: provider ids, client and client-scope attributes,
 * JWT claims and event details.
 */
public final class ApiTokenNames {

    /** Provider id of our client authenticator, and the authenticator type of every token client. */
    public static final String AUTHENTICATOR_ID = "api-token";
    /** Provider id of the protocol mapper that adds token claims. */
    public static final String MAPPER_ID = "api-token-claims";
    /** Client attribute that marks a token client and names its token. */
    public static final String TOKEN_ID_ATTRIBUTE = "api-token.id";
    /**
     * Client attribute holding the token's version. Every change of the token rewrites it, so Keycloak's own client
     * cache invalidation (cluster-wide) tells each node when its cached copy of the token is stale.
     */
    public static final String VERSION_ATTRIBUTE = "api-token.version";
    /** The JWT claim and the event detail naming a token. */
    public static final String API_TOKEN_ID = "api_token_id";
    /**
     * Event detail telling how the holder used the token: {@code exchange} (client_credentials with its client_id),
     * {@code exchange_by_secret} (the secret alone) or {@code bearer} (directly on the token API).
     */
    public static final String USE_DETAIL = "api_token_use";
    /** JWT claim with the token's generation at exchange; a JWT of an older generation is no longer accepted. */
    public static final String CLAIM_GENERATION = "api_token_gen";
    /** Client scope attribute: {@code "true"} when tokens may be granted the scope. */
    public static final String GRANTABLE_ATTRIBUTE = "api-token.grantable";

    /**
     * Client scope attribute: {@code "true"} when a grant of the scope is always locked to the realm itself (the IoT
     * catalogue's {@code domain.*}: the realm is the domain). Its {@code authorization_details} then name the realm as
     * the resource, without the creator naming it.
     */
    public static final String LOCKED_TO_REALM_ATTRIBUTE = "api-token.locked-to-realm";

    private ApiTokenNames() {
    }

    public static boolean isTokenClient(ClientModel client) {
        return client != null && client.getAttribute(TOKEN_ID_ATTRIBUTE) != null;
    }

    public static String tokenIdOf(ClientModel client) {
        return client == null ? null : client.getAttribute(TOKEN_ID_ATTRIBUTE);
    }

    public static boolean isLockedToRealm(ClientScopeModel scope) {
        return scope != null && "true".equals(scope.getAttribute(LOCKED_TO_REALM_ATTRIBUTE));
    }

    public static boolean isGrantable(ClientScopeModel scope) {
        return scope != null
                && "true".equals(scope.getAttribute(GRANTABLE_ATTRIBUTE))
                && OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol());
    }
}
