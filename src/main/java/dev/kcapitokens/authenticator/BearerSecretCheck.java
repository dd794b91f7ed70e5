package dev.kcapitokens.authenticator;

import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

import dev.kcapitokens.metrics.ApiTokenMetrics;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ScopeGrant;

/**
 * An API token's secret as the bearer of a token API call ({@code Authorization: Bearer kcpat_…}): the token is found
 * by its secret (keyed hash, from the token cache) and checked as at an exchange ({@link TokenHolderCheck}: throttle,
 * revocation, expiry, owner, client, allowlist), and the use is a {@code CLIENT_LOGIN} event, a denial a
 * {@code CLIENT_LOGIN_ERROR} event with its reason, both with {@code api_token_use=bearer}.
 */
public final class BearerSecretCheck {

    private static final Logger LOG = Logger.getLogger(BearerSecretCheck.class);

    /**
     * The holder of an accepted secret.
     *
     * @param apiTokenUser the token's API Token User, who acts
     * @param owner        the token's owner, for whom it acts
     * @param scopes       the scopes a JWT exchanged for the token would carry in {@code scope}
     */
    public record Holder(ApiTokenModel token, ClientModel client, UserModel apiTokenUser, UserModel owner, Set<String> scopes) {
    }

    private BearerSecretCheck() {
    }

    /** @return the holder, or {@code null} when the use is denied: the caller answers every reason alike */
    public static Holder authenticate(KeycloakSession session, RealmModel realm, String secret) {
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        String address = session.getContext().getConnection().getRemoteAddr();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN)
                .detail(Details.CLIENT_AUTH_METHOD, ApiTokenNames.AUTHENTICATOR_ID)
                .detail(ApiTokenNames.USE_DETAIL, "bearer");
        ApiTokenModel token = tokens.getBySecret(realm, secret);
        ClientModel client = token == null ? null : realm.getClientById(token.getClientUuid());
        UserModel user = token == null ? null : session.users().getUserById(realm, token.getUserId());
        if (token != null) {
            event.detail(ApiTokenNames.API_TOKEN_ID, token.getId());
            if (client != null) {
                event.client(client);
            }
            if (user != null) {
                event.user(user);
            }
        }
        String tokenId = token == null ? null : token.getId();
        TokenUseCheck.Denial denial = TokenHolderCheck.use(session, realm, tokens, token, tokenId, secret, address);
        if (denial != null) {
            LOG.debugf("denied api token bearer realm=%s token=%s address=%s reason=%s", realm.getName(), tokenId, address, denial.value());
            event.detail(Details.REASON, denial.value()).error(Errors.INVALID_TOKEN);
            ApiTokenMetrics.denied(realm.getName(), ApiTokenMetrics.Kind.BEARER, denial.value());
            return null;
        }
        event.success();
        ApiTokenMetrics.success(realm.getName(), ApiTokenMetrics.Kind.BEARER);
        UserModel owner = session.users().getUserById(realm, token.getOwnerId());
        return new Holder(token, client, user, owner, scopes(realm, token, user));
    }

    /**
     * As Keycloak builds the {@code scope} claim of the JWT the token would be exchanged for: the token's client scopes
     * that are included in the token scope and that the API Token User is permitted (a client scope with role scope
     * mappings needs one of its roles).
     */
    static Set<String> scopes(RealmModel realm, ApiTokenModel token, UserModel apiTokenUser) {
        return ScopeGrant.clientScopes(realm, token.getScopes()).stream()
                .filter(ClientScopeModel::isIncludeInTokenScope)
                .filter(scope -> permitted(scope, apiTokenUser))
                .map(ClientScopeModel::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean permitted(ClientScopeModel scope, UserModel user) {
        Set<RoleModel> roles = scope.getScopeMappingsStream().collect(Collectors.toSet());
        return roles.isEmpty() || RoleUtils.expandCompositeRoles(roles).stream().anyMatch(user::hasRole);
    }
}
