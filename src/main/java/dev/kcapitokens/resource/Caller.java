package dev.kcapitokens.resource;

import java.util.Set;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

import dev.kcapitokens.model.ApiTokenModel;

/**
 * Who calls the API.
 *
 * <p>A person (any JWT of the realm that was not obtained with an API token) manages the tokens they own; token
 * administrators may also see, revoke and delete everyone's, but never change, regenerate or widen another person's.
 * An API token caller acts as its API Token User, on behalf of the token's owner, within the reference scopes its JWT
 * carries and never beyond its own token (see {@link TokenCallerLimits}).
 *
 * @param user   who acts: the person, or the calling token's API Token User
 * @param owner  whose tokens are managed: the person, or the calling token's owner
 * @param token  the calling API token, {@code null} for a person
 * @param scopes the scopes of the caller's JWT
 * @param admin  a person holding realm-management {@code manage-users} or our admin role; never a token caller
 */
record Caller(RealmModel realm, UserModel user, UserModel owner, ApiTokenModel token, Set<String> scopes, boolean admin,
              AccessToken jwt, ClientModel client) {

    boolean isToken() {
        return token != null;
    }

    /** Token callers need the reference scope for each operation; persons do not. */
    void requireScope(String scope) {
        if (isToken() && !scopes.contains(scope)) {
            throw ApiErrors.insufficientScope(realm, scope);
        }
    }

    boolean owns(ApiTokenModel target) {
        return owner.getId().equals(target.getOwnerId());
    }

    /** May see, revoke and delete the token: its owner, or a token administrator. */
    boolean mayOversee(ApiTokenModel target) {
        return owns(target) || admin;
    }

    /** Changing a token (name, allowlist, scopes, secret) is for its owner only, never for an administrator. */
    void requireOwn(ApiTokenModel target) {
        if (!owns(target)) {
            throw ApiErrors.accessDenied("Administrators may read, revoke and delete other people's tokens, not change them");
        }
    }
}
