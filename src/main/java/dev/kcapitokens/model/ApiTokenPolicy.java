package dev.kcapitokens.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.keycloak.models.RealmModel;

/**
 * A realm's rules for its tokens, kept as realm attributes ({@code api-tokens.policy.*}) so that Keycloak caches them
 * with the realm; only a policy change, an administrator's act, invalidates the realm.
 *
 * @param maxLifetime      longest validity a token may get; {@code null} for no limit
 * @param defaultLifetime  validity of a token created or regenerated without one; {@code null} for none
 * @param expiryRequired   whether every token must expire
 * @param maxTokensPerUser {@code null} for no limit; counts every token an owner has, whatever its status
 * @param maxGracePeriod   longest overlap of old and new secret on regeneration, never above 24 hours
 * @param usersMayCreate   whether people without the token administrator role may create tokens
 * @param expiryNoticeDays how many days before its expiry a token's owner gets an e-mail, largest first; {@code 0} is
 *                         the notice that the token has expired; empty for none
 * @param deleteEndedAfterDays tokens revoked or expired more than this many days ago are deleted; {@code null}: never
 */
public record ApiTokenPolicy(Duration maxLifetime, Duration defaultLifetime, boolean expiryRequired, Integer maxTokensPerUser,
                             Duration maxGracePeriod, boolean usersMayCreate, List<Integer> expiryNoticeDays,
                             Integer deleteEndedAfterDays) {

    public static final Duration GRACE_CEILING = Duration.ofHours(24);
    /** As GitLab: a week before, and on the day the token expires. */
    public static final List<Integer> DEFAULT_EXPIRY_NOTICE_DAYS = List.of(7, 0);
    public static final int MAX_NOTICE_DAYS = 365;
    public static final ApiTokenPolicy DEFAULT = new ApiTokenPolicy(null, null, false, null, GRACE_CEILING, true);

    private static final String PREFIX = "api-tokens.policy.";
    private static final String MAX_LIFETIME = PREFIX + "max-lifetime";
    private static final String DEFAULT_LIFETIME = PREFIX + "default-lifetime";
    private static final String EXPIRY_REQUIRED = PREFIX + "expiry-required";
    private static final String MAX_TOKENS = PREFIX + "max-tokens-per-user";
    private static final String MAX_GRACE = PREFIX + "max-grace-period";
    private static final String USERS_MAY_CREATE = PREFIX + "users-may-create";
    private static final String EXPIRY_NOTICE_DAYS = PREFIX + "expiry-notice-days";
    private static final String DELETE_ENDED_AFTER_DAYS = PREFIX + "delete-ended-after-days";
    /** Stored for an empty list of notice days: some databases keep an empty attribute value as null. */
    private static final String NO_NOTICES = "none";

    /** Notice days are kept distinct and largest first; {@code null} means the default. */
    public ApiTokenPolicy {
        expiryNoticeDays = expiryNoticeDays == null ? DEFAULT_EXPIRY_NOTICE_DAYS
                : expiryNoticeDays.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    }

    /** A policy with the default expiry notices and no housekeeping. */
    public ApiTokenPolicy(Duration maxLifetime, Duration defaultLifetime, boolean expiryRequired, Integer maxTokensPerUser,
                          Duration maxGracePeriod, boolean usersMayCreate) {
        this(maxLifetime, defaultLifetime, expiryRequired, maxTokensPerUser, maxGracePeriod, usersMayCreate, null, null);
    }

    public static ApiTokenPolicy of(RealmModel realm) {
        String maxGrace = realm.getAttribute(MAX_GRACE);
        String maxTokens = realm.getAttribute(MAX_TOKENS);
        String usersMayCreate = realm.getAttribute(USERS_MAY_CREATE);
        String deleteAfter = realm.getAttribute(DELETE_ENDED_AFTER_DAYS);
        return new ApiTokenPolicy(
                duration(realm.getAttribute(MAX_LIFETIME)),
                duration(realm.getAttribute(DEFAULT_LIFETIME)),
                Boolean.parseBoolean(realm.getAttribute(EXPIRY_REQUIRED)),
                maxTokens == null ? null : Integer.valueOf(maxTokens),
                maxGrace == null ? GRACE_CEILING : Duration.parse(maxGrace),
                usersMayCreate == null || Boolean.parseBoolean(usersMayCreate),
                noticeDays(realm.getAttribute(EXPIRY_NOTICE_DAYS)),
                deleteAfter == null ? null : Integer.valueOf(deleteAfter));
    }

    public void saveTo(RealmModel realm) {
        set(realm, MAX_LIFETIME, maxLifetime);
        set(realm, DEFAULT_LIFETIME, defaultLifetime);
        realm.setAttribute(EXPIRY_REQUIRED, Boolean.toString(expiryRequired));
        set(realm, MAX_TOKENS, maxTokensPerUser);
        set(realm, MAX_GRACE, maxGracePeriod);
        realm.setAttribute(USERS_MAY_CREATE, Boolean.toString(usersMayCreate));
        realm.setAttribute(EXPIRY_NOTICE_DAYS, expiryNoticeDays.isEmpty() ? NO_NOTICES
                : String.join(",", expiryNoticeDays.stream().map(String::valueOf).toList()));
        set(realm, DELETE_ENDED_AFTER_DAYS, deleteEndedAfterDays);
    }

    /** Whether the owners of expiring tokens get e-mails (when the realm can send e-mail at all). */
    public boolean sendsExpiryNotices() {
        return !expiryNoticeDays.isEmpty();
    }

    /** Whether ended tokens are deleted after {@link #deleteEndedAfterDays()}. */
    public boolean deletesEndedTokens() {
        return deleteEndedAfterDays != null;
    }

    /** The grace period a caller may ask for: the realm's cap, never above 24 hours. */
    public Duration graceCap() {
        return maxGracePeriod == null || maxGracePeriod.compareTo(GRACE_CEILING) > 0 ? GRACE_CEILING : maxGracePeriod;
    }

    private static List<Integer> noticeDays(String value) {
        if (value == null) {
            return null;
        }
        if (value.equals(NO_NOTICES)) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    private static Duration duration(String value) {
        return value == null ? null : Duration.parse(value);
    }

    private static void set(RealmModel realm, String name, Object value) {
        if (value == null) {
            realm.removeAttribute(name);
        } else {
            realm.setAttribute(name, value.toString());
        }
    }
}
