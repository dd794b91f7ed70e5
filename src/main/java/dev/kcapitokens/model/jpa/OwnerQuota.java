package dev.kcapitokens.model.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcapitokens.model.jpa.entity.ApiTokenOwnerLockEntity;

/**
 * An owner's tokens counted for a per-user limit, exactly under concurrency: the count is taken holding the owner's
 * lock row ({@code SELECT ... FOR UPDATE}) until the creating transaction ends, so the owner's creations take turns
 * and each sees the tokens the ones before it committed. The owner's tokens are read with a locking read too, which
 * sees the latest committed rows also where the database's isolation is repeatable read (MariaDB's default).
 */
final class OwnerQuota {

    private static final Logger LOG = Logger.getLogger(OwnerQuota.class);

    private final KeycloakSessionFactory sessionFactory;
    private final EntityManager em;

    OwnerQuota(KeycloakSession session, EntityManager em) {
        this.sessionFactory = session.getKeycloakSessionFactory();
        this.em = em;
    }

    long lockAndCount(RealmModel realm, String ownerId) {
        if (em.find(ApiTokenOwnerLockEntity.class, ownerId) == null) {
            createLockRow(realm.getId(), ownerId);
        }
        ApiTokenOwnerLockEntity lock = em.find(ApiTokenOwnerLockEntity.class, ownerId, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) {
            throw new IllegalStateException("The owner's lock row is missing");
        }
        return em.createNamedQuery("apiTokenIdsByOwner", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("ownerId", ownerId)
                .setLockMode(LockModeType.PESSIMISTIC_READ)
                .getResultList().size();
    }

    /**
     * The row is created once per owner, committed on its own so that every concurrent creation can lock it; of two
     * creations that both find it missing, one insert fails, and both then lock the one row.
     */
    private void createLockRow(String realmId, String ownerId) {
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                EntityManager own = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                if (own.find(ApiTokenOwnerLockEntity.class, ownerId) == null) {
                    ApiTokenOwnerLockEntity row = new ApiTokenOwnerLockEntity();
                    row.setOwnerId(ownerId);
                    row.setRealmId(realmId);
                    own.persist(row);
                    own.flush();
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("owner lock row was created concurrently owner=%s: %s", ownerId, e.getMessage());
        }
    }
}
