package dev.kcapitokens.model.jpa;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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

import dev.kcapitokens.model.ApiTokenNames;

/**
 * The Keycloak side of a token: one confidential client per token, with a service account (the API Token User),
 * no browser flows, full scope off, our authenticator, our claims mapper, and exactly the token's scopes as default
 * client scopes. Only Keycloak's model API is used.
 */
final class TokenClientProvisioner {

    static final String CLIENT_ID_PREFIX = "apitoken-";
    private static final int SLUG_MAX = 40;
    /** Keycloak's CLIENT.DESCRIPTION column; the token keeps the full description. */
    private static final int CLIENT_DESCRIPTION_MAX = 255;

    private final KeycloakSession session;

    TokenClientProvisioner(KeycloakSession session) {
        this.session = session;
    }

    /** A token's client and its API Token User. */
    record TokenClient(ClientModel client, UserModel user) {
    }

    /** Creates the client and its API Token User, named after the token, with the given default client scopes. */
    TokenClient create(RealmModel realm, String tokenId, String name, String description, Collection<ClientScopeModel> scopes) {
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
        client.setClientAuthenticatorType(ApiTokenNames.AUTHENTICATOR_ID);
        client.setAttribute(ApiTokenNames.TOKEN_ID_ATTRIBUTE, tokenId);
        client.addProtocolMapper(claimsMapper());
        setScopes(client, scopes);

        // no default roles, no required actions: the API Token User holds nothing of its own
        UserModel user = session.users().addUser(realm, null, "service-account-" + client.getClientId(), false, false);
        user.setEnabled(true);
        user.setFirstName(name);
        user.setServiceAccountClientLink(client.getId());
        return new TokenClient(client, user);
    }

    /** Applies a change to the token's client, if the realm still has it (an administrator may have deleted it). */
    void withClient(RealmModel realm, String clientUuid, Consumer<ClientModel> change) {
        ClientModel client = realm.getClientById(clientUuid);
        if (client != null) {
            change.accept(client);
        }
    }

    /** Records the token's version on its client; see {@link ApiTokenNames#VERSION_ATTRIBUTE}. */
    void stamp(ClientModel client, int version) {
        String value = Integer.toString(version);
        if (!value.equals(client.getAttribute(ApiTokenNames.VERSION_ATTRIBUTE))) {
            client.setAttribute(ApiTokenNames.VERSION_ATTRIBUTE, value);
        }
    }

    /** Makes the client's default client scopes exactly the given ones, and removes every optional one. */
    void setScopes(ClientModel client, Collection<ClientScopeModel> scopes) {
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
    void rename(ClientModel client, String name, String description) {
        describe(client, name, description);
        UserModel user = session.users().getServiceAccount(client);
        if (user != null) {
            user.setFirstName(name);
        }
    }

    /** Removes the API Token User and the client. */
    void remove(RealmModel realm, ClientModel client) {
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
        mapper.setProtocolMapper(ApiTokenNames.MAPPER_ID);
        mapper.setConfig(new HashMap<>(Map.of(
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true")));
        return mapper;
    }
}
