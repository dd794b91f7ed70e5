package dev.kcapitokens.model;

import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * Stores API tokens and keeps each token's Keycloak client and API Token User in step with it.
 * Everything is realm-scoped: a token of one realm is never returned for another.
 */
public interface ApiTokenProvider extends Provider {

    /** Creates the token, its client and its API Token User; the returned secret is not stored anywhere. */
    CreatedApiToken create(RealmModel realm, NewApiToken spec, UserModel owner, UserModel actor);

    ApiTokenModel getById(RealmModel realm, String id);

    ApiTokenModel getByClient(RealmModel realm, ClientModel client);

    /** Finds a token by its secret (current, or previous within a grace period); {@code null} when none matches. */
    ApiTokenModel getBySecret(RealmModel realm, String secret);

    /** Constant-time check of a presented secret against the token's current secret or its previous one in grace. */
    boolean verifySecret(RealmModel realm, ApiTokenModel token, String secret);

    /** Tokens in a stable order (newest first). */
    Stream<ApiTokenModel> search(RealmModel realm, ApiTokenQuery query, int first, int max);

    long count(RealmModel realm, ApiTokenQuery query);

    /** Revokes the token and disables its client; revoking a revoked token changes nothing. */
    ApiTokenModel revoke(RealmModel realm, ApiTokenModel token, UserModel actor);

    /** Notes a successful use. Implementations coalesce these; callers may call it on every request. */
    void recordUse(RealmModel realm, ApiTokenModel token, String address);
}
