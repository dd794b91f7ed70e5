package dev.kcapitokens.task;

import java.util.Optional;
import java.util.function.Supplier;

import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.models.KeycloakSession;

/**
 * Runs a task for one realm unless it is running for that realm already, on this node or any other (Keycloak's
 * {@link ClusterProvider} lock), so a scheduled run and one started by an administrator never overlap.
 */
final class RealmTaskLock {

    private RealmTaskLock() {
    }

    /** The work's result, or empty when the task holds the realm's lock elsewhere. */
    static <T> Optional<T> runAlone(KeycloakSession session, String task, String realmId, int timeoutSeconds, Supplier<T> work) {
        ExecutionResult<T> result = session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted("api-token-" + task + "::" + realmId, timeoutSeconds, work::get);
        return result.isExecuted() ? Optional.ofNullable(result.getResult()) : Optional.empty();
    }
}
