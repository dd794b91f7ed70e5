package dev.kcapitokens.resource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcapitokens.authenticator.TokenUseCheck;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenNames;

/** Turns the request's bearer JWT into a {@link Caller}, or refuses with 401/403. Bearer only: cookies are never read. */
final class CallerAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallerAuthenticator.class);

    private CallerAuthenticator() {
    }

    static Caller authenticate(ApiContext context) {
        KeycloakSession session = context.session();
        RealmModel realm = context.realm();
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

        if (!ApiTokenNames.isTokenClient(client)) {
            UserModel user = auth.user();
            if (user.getServiceAccountClientLink() != null) {
                throw ApiErrors.accessDenied("Service accounts cannot own API tokens");
            }
            return new Caller(realm, user, user, null, scopes, jwt, client, TokenPermissions.of(session, realm, jwt, user, client));
        }

        ApiTokenModel token = context.tokens().getByClient(realm, client);
        if (!TokenUseCheck.acceptsJwt(session, realm, token, jwt, context.now())) {
            LOG.debugf("refused JWT of an inactive api token realm=%s client=%s", realm.getName(), client.getClientId());
            throw ApiErrors.invalidToken(realm, "The API token behind this bearer token is no longer active");
        }
        UserModel owner = session.users().getUserById(realm, token.getOwnerId());
        return new Caller(realm, auth.user(), owner, token, scopes, jwt, client, TokenPermissions.none());
    }
}
