package dev.kcapitokens.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;

/**
 * The Keycloak side of a token: one confidential client per token, with a service account (the API Token User),
 * no browser flows, full scope off, our authenticator, our claims mapper, and exactly the token's scopes as default
 * client scopes.
 */
public final class TokenClients {

    /** Provider id of our client authenticator, and the authenticator type of every token client. */
    public static final String AUTHENTICATOR_ID = "api-token";
    /** Provider id of the protocol mapper that adds token claims. */
    public static final String MAPPER_ID = "api-token-claims";
    /** Client attribute that marks a token client and names its token. */
    public static final String TOKEN_ID_ATTRIBUTE = "api-token.id";
    /** JWT claim naming the token a JWT was exchanged for. */
    public static final String CLAIM_TOKEN_ID = "api_token_id";
    /** JWT claim with the token's generation at exchange; a JWT of an older generation is no longer accepted. */
    public static final String CLAIM_GENERATION = "api_token_gen";
    /** Client scope attribute: {@code "true"} when tokens may be granted the scope. */
    public static final String GRANTABLE_ATTRIBUTE = "api-token.grantable";

    static final String CLIENT_ID_PREFIX = "apitoken-";
    private static final int SLUG_MAX = 40;

    private TokenClients() {
    }

    public static boolean isTokenClient(ClientModel client) {
        return client != null && client.getAttribute(TOKEN_ID_ATTRIBUTE) != null;
    }

    public static String tokenIdOf(ClientModel client) {
        return client == null ? null : client.getAttribute(TOKEN_ID_ATTRIBUTE);
    }

    /** A JWT exchanged before the token was revoked, regenerated or restricted carries an older generation. */
    public static boolean isCurrentGeneration(AccessToken jwt, ApiTokenModel token) {
        Object claim = jwt.getOtherClaims().get(CLAIM_GENERATION);
        return claim instanceof Number number && number.intValue() == token.getGeneration();
    }

    public static boolean isGrantable(ClientScopeModel scope) {
        return scope != null
                && "true".equals(scope.getAttribute(GRANTABLE_ATTRIBUTE))
                && OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol());
    }

    /** A token's client and its API Token User. */
    public record TokenClient(ClientModel client, UserModel user) {
    }

    /** Creates the client and its API Token User, named after the token. */
    public static TokenClient create(KeycloakSession session, RealmModel realm, String tokenId, String name, String description) {
        ClientModel client = realm.addClient(clientIdFor(realm, tokenId, name));
        client.setName(name);
        client.setDescription(description);
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
        for (ClientScopeModel scope : scopes) {
            wanted.put(scope.getId(), scope);
        }
        Set<String> present = client.getClientScopes(true).values().stream().map(ClientScopeModel::getId).collect(Collectors.toSet());
        client.getClientScopes(true).values().stream()
                .filter(scope -> !wanted.containsKey(scope.getId()))
                .forEach(client::removeClientScope);
        client.getClientScopes(false).values().forEach(client::removeClientScope);
        Set<ClientScopeModel> missing = wanted.values().stream()
                .filter(scope -> !present.contains(scope.getId()))
                .collect(Collectors.toSet());
        if (!missing.isEmpty()) {
            client.addClientScopes(missing, true);
        }
    }

    /** Renames the client and its API Token User; the client_id stays, since deployments hold it. */
    public static void rename(KeycloakSession session, RealmModel realm, ClientModel client, String name, String description) {
        client.setName(name);
        client.setDescription(description);
        UserModel user = session.users().getServiceAccount(client);
        if (user != null) {
            user.setFirstName(name);
        }
    }

    /** Removes the client and its API Token User. */
    public static void remove(KeycloakSession session, RealmModel realm, ClientModel client) {
        new ClientManager(new RealmManager(session)).removeClient(realm, client);
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
