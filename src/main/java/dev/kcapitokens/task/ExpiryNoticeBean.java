package dev.kcapitokens.task;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The token as the expiry notice templates see it ({@code apiToken} in {@code api-token-expiry.ftl}). Nothing here is
 * a secret: the mail names the token, never its value.
 */
public final class ExpiryNoticeBean {

    static final DateTimeFormatter EXPIRY_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final String id;
    private final String name;
    private final String description;
    private final String clientId;
    private final Instant expiresAt;
    private final boolean expired;
    private final long daysLeft;
    private final int daysBefore;
    private final List<String> scopes;
    private final String link;

    ExpiryNoticeBean(String id, String name, String description, String clientId, Instant expiresAt, boolean expired, long daysLeft,
                     int daysBefore, List<String> scopes, String link) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.clientId = clientId;
        this.expiresAt = expiresAt;
        this.expired = expired;
        this.daysLeft = daysLeft;
        this.daysBefore = daysBefore;
        this.scopes = scopes;
        this.link = link;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** {@code null} when the token has none. */
    public String getDescription() {
        return description;
    }

    /** The token's OAuth2 client id. */
    public String getClientId() {
        return clientId;
    }

    /** The expiry as {@code 2026-12-08 14:30 UTC}. */
    public String getExpiresAt() {
        return EXPIRY_FORMAT.format(expiresAt);
    }

    /** The expiry in ISO-8601, as the API shows it. */
    public String getExpiresAtIso() {
        return DateTimeFormatter.ISO_INSTANT.format(expiresAt);
    }

    /** The notice that the token has expired (rather than that it will). */
    public boolean isExpired() {
        return expired;
    }

    /** Whole days left, rounded up; 0 once expired. */
    public long getDaysLeft() {
        return daysLeft;
    }

    /** Which of the realm's notices this is: days before the expiry. */
    public int getDaysBefore() {
        return daysBefore;
    }

    /** The names of the token's scopes. */
    public List<String> getScopes() {
        return scopes;
    }

    /** The token's page, or {@code null} when the server's public address is unknown. */
    public String getLink() {
        return link;
    }
}
