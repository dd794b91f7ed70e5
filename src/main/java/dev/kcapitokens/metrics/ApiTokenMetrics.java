package dev.kcapitokens.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

/**
 * The extension's meters on Keycloak's {@code /metrics} (management port, {@code --metrics-enabled=true}), registered
 * as Keycloak registers its own: on Micrometer's global registry, named {@code keycloak.api.tokens.*}, with the realm
 * as a tag as Keycloak's own event and password-hashing meters have it by default.
 *
 * <ul>
 *   <li>{@code keycloak_api_tokens_uses_total{realm, kind, outcome, reason}}: every use, {@code kind} = {@code exchange}
 *   (client_credentials), {@code bearer} (the secret as bearer on the token API) or {@code introspection};
 *   {@code outcome} = {@code success} or {@code denied}, with the denial's {@code reason} (empty on success).</li>
 *   <li>{@code keycloak_api_tokens_changes_total{realm, operation}}: {@code create}, {@code regenerate},
 *   {@code revoke}, {@code delete}.</li>
 *   <li>{@code keycloak_api_tokens{realm, status}}: tokens per status, from a periodic count ({@link TokenCounts}).</li>
 * </ul>
 * Everything is a no-op until {@link #enable} is called, which the factory does when metrics are on.
 */
public final class ApiTokenMetrics {

    public enum Kind {
        EXCHANGE, BEARER, INTROSPECTION;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Operation {
        CREATE, REGENERATE, REVOKE, DELETE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String USES = "keycloak.api.tokens.uses";
    static final String CHANGES = "keycloak.api.tokens.changes";
    static final String TOKENS = "keycloak.api.tokens";

    private static volatile boolean enabled;
    private static final Map<String, Double> COUNTS = new ConcurrentHashMap<>();

    private ApiTokenMetrics() {
    }

    public static void enable() {
        enabled = true;
    }

    public static boolean enabled() {
        return enabled;
    }

    public static void success(String realm, Kind kind) {
        use(realm, kind, "success", "");
    }

    /** @param reason the denial's reason as events record it ({@code wrong_secret}, {@code revoked}, …) */
    public static void denied(String realm, Kind kind, String reason) {
        use(realm, kind, "denied", reason);
    }

    public static void changed(String realm, Operation operation) {
        if (enabled) {
            Counter.builder(CHANGES).description("Changes of API tokens").baseUnit("changes")
                    .tags(Tags.of("realm", realm, "operation", operation.tag()))
                    .register(Metrics.globalRegistry).increment();
        }
    }

    /** Sets the number of tokens of a realm in a status; the gauge reads the last value set. */
    static void tokens(String realm, String status, long count) {
        String key = realm + '\u0000' + status;
        if (COUNTS.put(key, (double) count) == null) {
            Gauge.builder(TOKENS, COUNTS, counts -> counts.getOrDefault(key, 0.0))
                    .description("API tokens per status").baseUnit("tokens")
                    .tags(Tags.of("realm", realm, "status", status))
                    .register(Metrics.globalRegistry);
        }
    }

    private static void use(String realm, Kind kind, String outcome, String reason) {
        if (enabled) {
            Counter.builder(USES).description("Uses of API tokens").baseUnit("uses")
                    .tags(Tags.of("realm", realm, "kind", kind.tag(), "outcome", outcome, "reason", reason))
                    .register(Metrics.globalRegistry).increment();
        }
    }
}
