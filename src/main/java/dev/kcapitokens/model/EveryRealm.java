package dev.kcapitokens.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * What the extension keeps in place in every realm (its client authenticator in the {@code clients} flow, the page's
 * client, …): applied to every realm once Keycloak has started, and to every realm created or imported later.
 */
public final class EveryRealm {

    private static final Logger LOG = Logger.getLogger(EveryRealm.class);

    private EveryRealm() {
    }

    /**
     * @param what   for the log: what is put in place
     * @param ensure idempotent; returns whether it had to change the realm
     */
    public static void keep(KeycloakSessionFactory factory, String what, Predicate<RealmModel> ensure) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent migrated) {
                KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> {
                    AtomicInteger changed = new AtomicInteger();
                    session.realms().getRealmsStream().filter(ensure).forEach(realm -> changed.incrementAndGet());
                    LOG.debugf("%s: put in place in %d realms", what, changed.get());
                });
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ensure.test(created.getCreatedRealm());
            }
        });
    }
}
