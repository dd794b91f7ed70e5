package dev.kcapitokens.resource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.TokenClients;

/** Turns the request's bearer JWT into a {@link Caller}, or refuses with 401/403. Bearer only: cookies are never read. */
final class CallerAuthenticator {

    /** A realm role that, like realm-management {@code manage-users}, lets a person manage every token of the realm. */
    static final String ADMIN_ROLE = "api-token-admin";

    private static final Logger LOG = Logger.getLogger(CallerAuthenticator.class);

    private CallerAuthenticator() {
    }

    static Caller authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        if (session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            throw ApiErrors.missingToken(realm);
        }
        AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        } catch (NotAuthorizedException e) {
            auth = null;
        }
        if (auth == null) {
            throw ApiErrors.invalidToken(realm, "The bearer token is invalid, expired or not issued by this realm");
        }
        AccessToken jwt = auth.token();
        ClientModel client = auth.client();
        Set<String> scopes = jwt.getScope() == null ? Set.of()
                : Arrays.stream(jwt.getScope().split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());

        if (!TokenClients.isTokenClient(client)) {
            UserModel user = auth.user();
            if (user.getServiceAccountClientLink() != null) {
                throw ApiErrors.accessDenied("Service accounts cannot own API tokens");
            }
            return new Caller(realm, user, user, null, scopes, isAdmin(realm, user), jwt, client);
        }

        ApiTokenModel token = session.getProvider(ApiTokenProvider.class).getByClient(realm, client);
        if (!TokenClients.acceptsJwt(session, realm, token, jwt, ApiV1Resource.now())) {
            LOG.debugf("refused JWT of an inactive api token realm=%s client=%s", realm.getName(), client.getClientId());
            throw ApiErrors.invalidToken(realm, "The API token behind this bearer token is no longer active");
        }
        UserModel owner = session.users().getUserById(realm, token.getOwnerId());
        return new Caller(realm, auth.user(), owner, token, scopes, false, jwt, client);
    }

    static boolean isAdmin(RealmModel realm, UserModel user) {
        RoleModel ourRole = realm.getRole(ADMIN_ROLE);
        if (ourRole != null && user.hasRole(ourRole)) {
            return true;
        }
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        RoleModel manageUsers = management == null ? null : management.getRole(AdminRoles.MANAGE_USERS);
        return manageUsers != null && user.hasRole(manageUsers);
    }
}
