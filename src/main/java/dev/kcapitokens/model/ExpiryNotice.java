package dev.kcapitokens.model;

import java.time.Instant;

/**
 * Which expiry notice a token's owner has had: the one sent {@code daysBefore} days before the expiry at
 * {@code expiresAt} ({@code 0}: the notice that it has expired). A notice counts only for that expiry, so a token that
 * gets a new expiry (a regeneration) starts over.
 */
public record ExpiryNotice(Instant expiresAt, int daysBefore) {

    /** Whether this record already covers the notice at {@code daysBefore} days for the expiry {@code expiresAt}. */
    public boolean covers(Instant expiresAt, int daysBefore) {
        return this.expiresAt.equals(expiresAt) && this.daysBefore <= daysBefore;
    }
}
