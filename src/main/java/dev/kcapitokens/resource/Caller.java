package dev.kcapitokens.resource;

import java.util.Set;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

import dev.kcapitokens.model.ApiTokenModel;

/**
 * Who calls the self-service API.
 *
 * <p>A person (any JWT of the realm that was not obtained with an API token) manages the tokens they own. With
 * Keycloak's admin permissions over other users ({@link TokenPermissions}) a person may also see, revoke and delete
 * their tokens, but never change, regenerate or widen them. An API token caller acts as its API Token User, on behalf
 * of the token's owner, within the reference scopes its JWT carries and never beyond its own token (see
 * {@link TokenCallerLimits}); it holds no admin permissions.
 *
 * @param user        who acts: the person, or the calling token's API Token User
 * @param owner       whose tokens are managed: the person, or the calling token's owner
 * @param token       the calling API token, {@code null} for a person
 * @param scopes      the scopes of the caller's JWT
 * @param permissions the caller's admin permissions over other people's tokens
 */
record Caller(RealmModel realm, UserModel user, UserModel owner, ApiTokenModel token, Set<String> scopes,
              AccessToken jwt, ClientModel client, TokenPermissions permissions) {

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

    /** May see the token: its owner, or whoever may view its owner. */
    boolean mayView(ApiTokenModel target) {
        return owns(target) || permissions.mayView(target);
    }

    /** Revoking and deleting: the owner, or whoever may manage its owner. */
    void requireMayRemove(ApiTokenModel target) {
        if (!owns(target) && !permissions.mayManage(target)) {
            throw ApiErrors.accessDenied("Revoking or deleting another person's token needs permission to manage that user");
        }
    }

    /** Changing a token (name, allowlist, scopes, secret) is for its owner only, never for an administrator. */
    void requireOwn(ApiTokenModel target) {
        if (!owns(target)) {
            throw ApiErrors.accessDenied("Administrators may read, revoke and delete other people's tokens, not change them");
        }
    }
}
