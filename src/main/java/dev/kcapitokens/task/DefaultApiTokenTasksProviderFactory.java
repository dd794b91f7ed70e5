package dev.kcapitokens.task;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Schedules the expiry notices and the housekeeping for every realm with Keycloak's timer, each wrapped in a
 * {@link ClusterAwareScheduledTaskRunner}, so that one node of a cluster runs a task while the others skip it.
 *
 * <p>Options ({@code --spi-api-token-tasks--default--...}): {@code interval-seconds} (default 900, Keycloak's own
 * scheduled-task interval; 0 schedules nothing, the admin API still runs the tasks) and {@code batch-size} (tokens per
 * transaction, default 100).
 */
public class DefaultApiTokenTasksProviderFactory implements ApiTokenTasksProviderFactory {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultApiTokenTasksProviderFactory.class);

    private long intervalSeconds;
    private int batchSize;
    private ExpiryNotices expiryNotices;
    private Housekeeping housekeeping;

    @Override
    public ApiTokenTasksProvider create(KeycloakSession session) {
        return new DefaultApiTokenTasksProvider(session, this);
    }

    @Override
    public void init(Config.Scope config) {
        intervalSeconds = config.getLong("interval-seconds", 900L);
        batchSize = Math.max(1, config.getInt("batch-size", 100));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        expiryNotices = new ExpiryNotices(factory, batchSize);
        housekeeping = new Housekeeping(factory, batchSize);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && intervalSeconds > 0) {
                schedule(factory);
            }
        });
    }

    private void schedule(KeycloakSessionFactory factory) {
        long interval = intervalSeconds * 1000;
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            for (ScheduledTask task : List.of(new ApiTokenExpiryNoticeTask(), new ApiTokenHousekeepingTask())) {
                timer.schedule(new ClusterAwareScheduledTaskRunner(factory, task, interval), interval, task.getTaskName());
            }
        });
        LOG.debugf("scheduled api token expiry notices and housekeeping every %d s", intervalSeconds);
    }

    /** How long a realm's lock lives at most: a run that outlasts it (or a node that died) frees the realm. */
    int lockSeconds() {
        return (int) Math.max(600, Math.min(intervalSeconds, Integer.MAX_VALUE));
    }

    ExpiryNotices expiryNotices() {
        return expiryNotices;
    }

    Housekeeping housekeeping() {
        return housekeeping;
    }

    /** Expiry notices for every realm that sends them; a realm whose run is in progress elsewhere waits for the next. */
    final class ApiTokenExpiryNoticeTask implements ScheduledTask {

        @Override
        public void run(KeycloakSession session) {
            for (String realmId : realmIds(session)) {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null && ExpiryNotices.disabledBecause(realm) == null) {
                    RealmTaskLock.runAlone(session, DefaultApiTokenTasksProvider.EXPIRY_NOTICES, realmId, lockSeconds(),
                            () -> expiryNotices.run(realmId));
                }
            }
        }
    }

    /** Housekeeping for every realm whose policy asks for it. */
    final class ApiTokenHousekeepingTask implements ScheduledTask {

        @Override
        public void run(KeycloakSession session) {
            for (String realmId : realmIds(session)) {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null && Housekeeping.disabledBecause(realm) == null) {
                    RealmTaskLock.runAlone(session, DefaultApiTokenTasksProvider.HOUSEKEEPING, realmId, lockSeconds(),
                            () -> housekeeping.run(realmId, TaskEvents.system(realm)));
                }
            }
        }
    }

    private static List<String> realmIds(KeycloakSession session) {
        return session.realms().getRealmsStream().map(RealmModel::getId).toList();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
