package dev.kcapitokens.model;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;

/**
 * The Keycloak side of a token: one confidential client per token, with a service account (the API Token User),
 * no browser flows, full scope off, our authenticator, our claims mapper, and exactly the token's scopes as default
 * client scopes. Only Keycloak's model API is used.
 */
public final class TokenClients {

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
    /** JWT claim with the token's generation at exchange; a JWT of an older generation is no longer accepted. */
    public static final String CLAIM_GENERATION = "api_token_gen";
    /** Client scope attribute: {@code "true"} when tokens may be granted the scope. */
    public static final String GRANTABLE_ATTRIBUTE = "api-token.grantable";

    static final String CLIENT_ID_PREFIX = "apitoken-";
    private static final int SLUG_MAX = 40;
    /** Keycloak's CLIENT.DESCRIPTION column; the token keeps the full description. */
    private static final int CLIENT_DESCRIPTION_MAX = 255;

    private TokenClients() {
    }

    public static boolean isTokenClient(ClientModel client) {
        return client != null && client.getAttribute(TOKEN_ID_ATTRIBUTE) != null;
    }

    public static String tokenIdOf(ClientModel client) {
        return client == null ? null : client.getAttribute(TOKEN_ID_ATTRIBUTE);
    }

    /** Records the token's version on its client; see {@link #VERSION_ATTRIBUTE}. */
    public static void stamp(ClientModel client, int version) {
        String value = Integer.toString(version);
        if (!value.equals(client.getAttribute(VERSION_ATTRIBUTE))) {
            client.setAttribute(VERSION_ATTRIBUTE, value);
        }
    }

    /**
     * Whether a JWT exchanged for the token is still good: the token is active, its owner enabled, and it has not been
     * revoked, regenerated or narrowed since the exchange (the JWT then carries an older generation).
     */
    public static boolean acceptsJwt(KeycloakSession session, RealmModel realm, ApiTokenModel token, AccessToken jwt, Instant now) {
        if (token == null || token.getStatus(now) != TokenStatus.ACTIVE) {
            return false;
        }
        Object generation = jwt.getOtherClaims().get(CLAIM_GENERATION);
        if (!(generation instanceof Number number) || number.intValue() != token.getGeneration()) {
            return false;
        }
        UserModel owner = session.users().getUserById(realm, token.getOwnerId());
        return owner != null && owner.isEnabled();
    }

    public static boolean isGrantable(ClientScopeModel scope) {
        return scope != null
                && "true".equals(scope.getAttribute(GRANTABLE_ATTRIBUTE))
                && OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol());
    }

    /** The realm's client scopes behind the grants, skipping any the realm has removed since. */
    public static List<ClientScopeModel> clientScopes(RealmModel realm, Collection<TokenScope> scopes) {
        return scopes.stream().map(scope -> realm.getClientScopeById(scope.scopeId())).filter(Objects::nonNull).toList();
    }

    /** The names of the token's scopes, in the token's order. */
    public static List<String> scopeNames(RealmModel realm, ApiTokenModel token) {
        return clientScopes(realm, token.getScopes()).stream().map(ClientScopeModel::getName).toList();
    }

    /** A token's client and its API Token User. */
    public record TokenClient(ClientModel client, UserModel user) {
    }

    /** Creates the client and its API Token User, named after the token. */
    public static TokenClient create(KeycloakSession session, RealmModel realm, String tokenId, String name, String description) {
        ClientModel client = realm.addClient(clientIdFor(realm, tokenId, name));
        describe(client, name, description);
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setPublicClient(false);
        client.setBearerOnly(false);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setConsentRequired(false);
        client.setFrontchannelLogout(false);
        client.setFullScopeAllowed(false);
        client.setServiceAccountsEnabled(true);
        client.setClientAuthenticatorType(AUTHENTICATOR_ID);
        client.setAttribute(TOKEN_ID_ATTRIBUTE, tokenId);
        client.addProtocolMapper(claimsMapper());

        // no default roles, no required actions: the API Token User holds nothing of its own
        UserModel user = session.users().addUser(realm, null, "service-account-" + client.getClientId(), false, false);
        user.setEnabled(true);
        user.setFirstName(name);
        user.setServiceAccountClientLink(client.getId());
        return new TokenClient(client, user);
    }

    /** Makes the client's default client scopes exactly the given ones, and removes every optional one. */
    public static void setScopes(ClientModel client, Collection<ClientScopeModel> scopes) {
        Map<String, ClientScopeModel> wanted = new HashMap<>();
        scopes.forEach(scope -> wanted.put(scope.getId(), scope));
        Collection<ClientScopeModel> current = client.getClientScopes(true).values();
        current.stream().filter(scope -> !wanted.containsKey(scope.getId())).toList().forEach(client::removeClientScope);
        client.getClientScopes(false).values().forEach(client::removeClientScope);
        Set<String> present = current.stream().map(ClientScopeModel::getId).collect(Collectors.toSet());
        Set<ClientScopeModel> missing = wanted.values().stream().filter(scope -> !present.contains(scope.getId())).collect(Collectors.toSet());
        if (!missing.isEmpty()) {
            client.addClientScopes(missing, true);
        }
    }

    /** Renames the client and its API Token User; the client_id stays, since deployments hold it. */
    public static void rename(KeycloakSession session, ClientModel client, String name, String description) {
        describe(client, name, description);
        UserModel user = session.users().getServiceAccount(client);
        if (user != null) {
            user.setFirstName(name);
        }
    }

    /** Removes the API Token User and the client. */
    public static void remove(KeycloakSession session, RealmModel realm, ClientModel client) {
        UserModel user = session.users().getServiceAccount(client);
        if (user != null) {
            new UserManager(session).removeUser(realm, user);
        }
        realm.removeClient(client.getId());
    }

    static String clientIdFor(RealmModel realm, String tokenId, String name) {
        String candidate = CLIENT_ID_PREFIX + slug(name) + "-" + tokenId.substring(0, 8);
        if (realm.getClientByClientId(candidate) == null) {
            return candidate;
        }
        return CLIENT_ID_PREFIX + tokenId;
    }

    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_MAX) {
            slug = slug.substring(0, SLUG_MAX).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "token" : slug;
    }

    private static void describe(ClientModel client, String name, String description) {
        client.setName(name);
        if (description == null || description.length() <= CLIENT_DESCRIPTION_MAX) {
            client.setDescription(description);
        } else {
            int cut = CLIENT_DESCRIPTION_MAX - 1;
            if (Character.isHighSurrogate(description.charAt(cut - 1))) {
                cut--;
            }
            client.setDescription(description.substring(0, cut) + "…");
        }
    }

    private static ProtocolMapperModel claimsMapper() {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName("api token claims");
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(MAPPER_ID);
        mapper.setConfig(new HashMap<>(Map.of(
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true")));
        return mapper;
    }
}
