package dev.kcapitokens.task;

import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Runs a task for one realm under the realm's lock; the factory's timer runs the same for every realm. */
final class DefaultApiTokenTasksProvider implements ApiTokenTasksProvider {

    static final String EXPIRY_NOTICES = "expiry-notices";
    static final String HOUSEKEEPING = "housekeeping";

    private final KeycloakSession session;
    private final DefaultApiTokenTasksProviderFactory factory;

    DefaultApiTokenTasksProvider(KeycloakSession session, DefaultApiTokenTasksProviderFactory factory) {
        this.session = session;
        this.factory = factory;
    }

    @Override
    public ExpiryNoticeReport sendExpiryNotices(RealmModel realm) {
        return RealmTaskLock.runAlone(session, EXPIRY_NOTICES, realm.getId(), factory.lockSeconds(),
                        () -> factory.expiryNotices().run(realm.getId()))
                .orElseThrow(() -> new TaskBusyException(EXPIRY_NOTICES));
    }

    @Override
    public HousekeepingReport deleteEndedTokens(RealmModel realm, AuthDetails author) {
        return RealmTaskLock.runAlone(session, HOUSEKEEPING, realm.getId(), factory.lockSeconds(),
                        () -> factory.housekeeping().run(realm.getId(), author))
                .orElseThrow(() -> new TaskBusyException(HOUSEKEEPING));
    }

    @Override
    public void close() {
    }
}
