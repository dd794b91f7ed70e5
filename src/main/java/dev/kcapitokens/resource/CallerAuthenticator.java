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

import dev.kcapitokens.authenticator.BearerSecretCheck;
import dev.kcapitokens.authenticator.TokenUseCheck;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.TokenSecrets;

/**
 * Turns the request's bearer into a {@link Caller}, or refuses with 401/403. Bearer only: cookies are never read. The
 * bearer is a JWT of the realm, or an API token's secret itself ({@code kcpat_…}), which then stands for the JWT it
 * would be exchanged for: the same scopes, the same limits, and the checks of an exchange.
 */
final class CallerAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallerAuthenticator.class);

    private CallerAuthenticator() {
    }

    /** The one answer to every bearer that is refused, JWT or secret, whatever the reason. */
    private static final String INVALID_BEARER = "The bearer token is invalid, expired or not issued by this realm";

    static Caller authenticate(ApiContext context) {
        KeycloakSession session = context.session();
        RealmModel realm = context.realm();
        String authorization = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            throw ApiErrors.missingToken(realm);
        }
        String secret = bearerSecret(authorization);
        if (secret != null) {
            return holder(session, realm, secret);
        }
        AuthResult auth;
        try {
            auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        } catch (NotAuthorizedException e) {
            auth = null;
        }
        if (auth == null) {
            throw ApiErrors.invalidToken(realm, INVALID_BEARER);
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

    /** A holder presenting the token's secret: every denial, whatever its reason, is the 401 of an invalid JWT. */
    private static Caller holder(KeycloakSession session, RealmModel realm, String secret) {
        BearerSecretCheck.Holder holder = BearerSecretCheck.authenticate(session, realm, secret);
        if (holder == null) {
            throw ApiErrors.invalidToken(realm, INVALID_BEARER);
        }
        return new Caller(realm, holder.apiTokenUser(), holder.owner(), holder.token(), holder.scopes(), null, holder.client(),
                TokenPermissions.none());
    }

    /** The secret of {@code Authorization: Bearer kcpat_…}, or {@code null} for any other credential. */
    static String bearerSecret(String authorization) {
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length == 2 && "bearer".equalsIgnoreCase(parts[0]) && TokenSecrets.hasPrefix(parts[1])) {
            return parts[1];
        }
        return null;
    }
}
