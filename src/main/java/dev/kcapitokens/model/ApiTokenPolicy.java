package dev.kcapitokens.model;

import java.time.Duration;

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
 */
public record ApiTokenPolicy(Duration maxLifetime, Duration defaultLifetime, boolean expiryRequired, Integer maxTokensPerUser,
                             Duration maxGracePeriod, boolean usersMayCreate) {

    public static final Duration GRACE_CEILING = Duration.ofHours(24);
    public static final ApiTokenPolicy DEFAULT = new ApiTokenPolicy(null, null, false, null, GRACE_CEILING, true);

    private static final String PREFIX = "api-tokens.policy.";
    private static final String MAX_LIFETIME = PREFIX + "max-lifetime";
    private static final String DEFAULT_LIFETIME = PREFIX + "default-lifetime";
    private static final String EXPIRY_REQUIRED = PREFIX + "expiry-required";
    private static final String MAX_TOKENS = PREFIX + "max-tokens-per-user";
    private static final String MAX_GRACE = PREFIX + "max-grace-period";
    private static final String USERS_MAY_CREATE = PREFIX + "users-may-create";

    public static ApiTokenPolicy of(RealmModel realm) {
        String maxGrace = realm.getAttribute(MAX_GRACE);
        String maxTokens = realm.getAttribute(MAX_TOKENS);
        String usersMayCreate = realm.getAttribute(USERS_MAY_CREATE);
        return new ApiTokenPolicy(
                duration(realm.getAttribute(MAX_LIFETIME)),
                duration(realm.getAttribute(DEFAULT_LIFETIME)),
                Boolean.parseBoolean(realm.getAttribute(EXPIRY_REQUIRED)),
                maxTokens == null ? null : Integer.valueOf(maxTokens),
                maxGrace == null ? GRACE_CEILING : Duration.parse(maxGrace),
                usersMayCreate == null || Boolean.parseBoolean(usersMayCreate));
    }

    public void saveTo(RealmModel realm) {
        set(realm, MAX_LIFETIME, maxLifetime);
        set(realm, DEFAULT_LIFETIME, defaultLifetime);
        realm.setAttribute(EXPIRY_REQUIRED, Boolean.toString(expiryRequired));
        set(realm, MAX_TOKENS, maxTokensPerUser);
        set(realm, MAX_GRACE, maxGracePeriod);
        realm.setAttribute(USERS_MAY_CREATE, Boolean.toString(usersMayCreate));
    }

    /** The grace period a caller may ask for: the realm's cap, never above 24 hours. */
    public Duration graceCap() {
        return maxGracePeriod == null || maxGracePeriod.compareTo(GRACE_CEILING) > 0 ? GRACE_CEILING : maxGracePeriod;
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
