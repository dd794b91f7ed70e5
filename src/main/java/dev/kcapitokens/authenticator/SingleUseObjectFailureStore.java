package dev.kcapitokens.authenticator;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The throttle's marks in Keycloak's single-use-object store (the {@code actionTokens} cache: distributed across the
 * cluster with embedded Infinispan, the same on every node). {@code putIfAbsent} and {@code contains} act on the cache
 * at once, outside the request's transaction, so a failure counts even though its request fails.
 */
final class SingleUseObjectFailureStore implements FailureStore {

    private static final String PREFIX = "api-token-throttle:";

    private final SingleUseObjectProvider store;

    SingleUseObjectFailureStore(KeycloakSession session) {
        this.store = session.singleUseObjects();
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        return store.putIfAbsent(PREFIX + key, lifespanSeconds);
    }

    @Override
    public boolean contains(String key) {
        return store.contains(PREFIX + key);
    }
}
