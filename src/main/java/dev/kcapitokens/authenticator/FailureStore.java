package dev.kcapitokens.authenticator;

/**
 * Where the failure throttle keeps its marks: Keycloak's clustered single-use-object store on a server
 * ({@link SingleUseObjectFailureStore}), so that every node sees every mark; a map in unit tests. Each mark lives for
 * a lifespan and then disappears by itself, so the store never needs a sweep.
 */
interface FailureStore {

    /** Adds the mark unless it is there, atomically across the cluster. @return whether this call added it */
    boolean putIfAbsent(String key, long lifespanSeconds);

    boolean contains(String key);
}
