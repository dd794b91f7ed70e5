package dev.kcapitokens.model;

import java.time.Instant;
import java.util.List;

/** A stored API token. The secret itself is never part of the model, only its keyed hash (not exposed) and a hint. */
public interface ApiTokenModel {

    String getId();

    String getRealmId();

    String getName();

    String getDescription();

    /** The user who owns the token (a person). */
    String getOwnerId();

    /** The API Token User: the service account that every action of the token is attributed to. */
    String getUserId();

    /** Internal id of the token's Keycloak client. */
    String getClientUuid();

    /** The OAuth2 {@code client_id} of the token's Keycloak client. */
    String getClientId();

    /** Optimistic-locking version; changes on every update. */
    int getVersion();

    /** Incremented whenever JWTs issued before must stop being accepted (revoke, regenerate, allowlist change). */
    int getGeneration();

    Instant getCreatedAt();

    String getCreatedBy();

    Instant getUpdatedAt();

    String getUpdatedBy();

    /** {@code null} when the token never expires. */
    Instant getExpiresAt();

    Instant getRevokedAt();

    /** Who revoked the token: the owner's id when the owner's side did, an administrator's id otherwise, or {@code null}. */
    String getRevokedBy();

    /** Revoked by an administrator, which is final: the owner cannot regenerate the token back to life. */
    default boolean isRevokedByAdministrator() {
        String revokedBy = getRevokedBy();
        return getRevokedAt() != null && revokedBy != null && !revokedBy.equals(getOwnerId());
    }

    /** Normalized addresses and CIDR ranges; empty means any address. */
    List<String> getAllowedIps();

    List<ScopeGrant> getScopes();

    /** The last characters of the secret, for the masked form. */
    String getSecretHint();

    /** Until when the previous secret still works after a regeneration with a grace period, or {@code null}. */
    Instant getPreviousSecretValidUntil();

    Instant getLastUsedAt();

    String getLastUsedIp();

    /** The last expiry notice its owner had, or {@code null} for none. */
    default ExpiryNotice getExpiryNotice() {
        return null;
    }

    default TokenStatus getStatus(Instant now) {
        if (getRevokedAt() != null) {
            return TokenStatus.REVOKED;
        }
        Instant expiresAt = getExpiresAt();
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return TokenStatus.EXPIRED;
        }
        return TokenStatus.ACTIVE;
    }
}
