package dev.kcapitokens.model;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * Stores API tokens and keeps each token's Keycloak client and API Token User in step with it.
 * Everything is realm-scoped: a token of one realm is never returned for another.
 *
 * <p>Every change takes a {@link TokenEdit}: who makes it, and optionally the version it is based on. A change throws
 * {@link ApiTokenConflictException} when the token is at another version or changes concurrently.
 */
public interface ApiTokenProvider extends Provider {

    /** Creates the token, its client and its API Token User; the returned secret is not stored anywhere. */
    CreatedApiToken create(RealmModel realm, NewApiToken spec, UserModel owner, UserModel actor);

    ApiTokenModel getById(RealmModel realm, String id);

    ApiTokenModel getByClient(RealmModel realm, ClientModel client);

    /**
     * The client with this {@code client_id}: for the client of a token used before, by the client id remembered then
     * (so Keycloak keeps no {@code client_id} query for it in its realm cache); otherwise through Keycloak's lookup.
     * {@code null} when the realm has no such client.
     */
    ClientModel getClientByClientId(RealmModel realm, String clientId);

    /** Finds a token by its secret (current, or previous within a grace period); {@code null} when none matches. */
    ApiTokenModel getBySecret(RealmModel realm, String secret);

    /** Constant-time check of a presented secret against the token's current secret or its previous one in grace. */
    boolean verifySecret(RealmModel realm, ApiTokenModel token, String secret);

    /** Tokens in a stable order (newest first). */
    Stream<ApiTokenModel> search(RealmModel realm, ApiTokenQuery query, int first, int max);

    long count(RealmModel realm, ApiTokenQuery query);

    /**
     * The owner's tokens in the realm, counted for a per-user limit. Until this transaction ends, every other count for
     * the owner waits, so a count followed by {@link #create} in the same transaction is exact under concurrency.
     */
    long countForCreation(RealmModel realm, String ownerId);

    /**
     * Revokes the token and disables its client. {@code byOwner} when the owner, a token acting for the owner or the
     * holder revokes it: the owner may regenerate it later. Otherwise an administrator revokes it, which is final, also
     * for a token the owner had revoked already. Anything else about a revoked token stays as it is.
     */
    ApiTokenModel revoke(RealmModel realm, ApiTokenModel token, TokenEdit edit, boolean byOwner);

    /** Changes name, description and allowlist. A changed allowlist ends the JWTs already issued for the token. */
    ApiTokenModel update(RealmModel realm, ApiTokenModel token, TokenEdit edit, TokenUpdate update);

    /**
     * Issues a new secret with a new validity and reactivates the token; id, name, description, scopes, allowlist and
     * API Token User stay. The old secret stops at once, or at {@code graceUntil} when given (its JWTs then live on too).
     */
    CreatedApiToken regenerate(RealmModel realm, ApiTokenModel token, TokenEdit edit, Instant expiresAt, Instant graceUntil);

    /** Replaces the token's scopes. Removing or narrowing a scope ends the JWTs already issued for the token. */
    ApiTokenModel setScopes(RealmModel realm, ApiTokenModel token, TokenEdit edit, List<ScopeGrant> scopes);

    /** Deletes the token with its client and its API Token User. */
    void delete(RealmModel realm, ApiTokenModel token);

    /** Notes a successful use. Implementations coalesce these; callers may call it on every request. */
    void recordUse(RealmModel realm, ApiTokenModel token, String address);

    /**
     * A batch of unrevoked tokens whose expiry lies in {@code (from, to]} and whose owner has had no expiry notice for
     * that expiry at {@code daysBefore} days or fewer; ordered by id, starting after {@code afterId} (null: from the
     * first), at most {@code max}.
     */
    List<ApiTokenModel> searchExpiring(RealmModel realm, Instant from, Instant to, int daysBefore, String afterId, int max);

    /**
     * Replaces the record of the token's last expiry notice if it is still {@code expected} (null: none) and the token is
     * still unrevoked with the expiry it had when read; {@code next} null forgets the record. Not a change of the token:
     * no new version, no event. The row stays locked until the transaction ends, so two runs cannot both claim a notice.
     *
     * @return whether the record was replaced
     */
    boolean replaceExpiryNotice(RealmModel realm, ApiTokenModel token, ExpiryNotice expected, ExpiryNotice next);

    /**
     * A batch of tokens revoked or expired before {@code before}; ordered by id, starting after {@code afterId} (null:
     * from the first), at most {@code max}.
     */
    List<ApiTokenModel> searchEndedBefore(RealmModel realm, Instant before, String afterId, int max);
}
