package dev.kcapitokens.model.jpa;

import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.metrics.ApiTokenMetrics;
import dev.kcapitokens.model.ApiTokenConflictException;
import dev.kcapitokens.model.NewApiToken;
import dev.kcapitokens.model.TokenEdit;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * The one path of every change of a token, and of the removal of its rows. A change takes the managed entity at the
 * expected version, changes the token with who and when, flushes (a concurrent change becomes a conflict), then changes
 * the token's Keycloak client and stamps the new version on it, so that every node drops its cached copy. The client is
 * changed only after the flush: its queries would flush a half-changed token early, which would count two versions for
 * one change.
 */
final class TokenChanges {

    private static final Logger LOG = Logger.getLogger(TokenChanges.class);

    private final EntityManager em;
    private final TokenClientProvisioner clients;
    private final TokenLookup lookup;
    private final JpaApiTokenProviderFactory factory;

    TokenChanges(EntityManager em, TokenClientProvisioner clients, TokenLookup lookup, JpaApiTokenProviderFactory factory) {
        this.em = em;
        this.clients = clients;
        this.lookup = lookup;
        this.factory = factory;
    }

    /** A new token's row, for the client and API Token User just provisioned. */
    ApiTokenEntity insert(RealmModel realm, String id, NewApiToken spec, UserModel owner, UserModel actor,
                          TokenClientProvisioner.TokenClient tokenClient, String secretHash, String secretHint, long now) {
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.setId(id);
        entity.setRealmId(realm.getId());
        entity.setName(spec.name());
        entity.setDescription(spec.description());
        entity.setOwnerId(owner.getId());
        entity.setUserId(tokenClient.user().getId());
        entity.setClientUuid(tokenClient.client().getId());
        entity.setClientId(tokenClient.client().getClientId());
        entity.setSecretHash(secretHash);
        entity.setSecretHint(secretHint);
        entity.setCreatedAt(now);
        entity.setCreatedBy(actor.getId());
        entity.setUpdatedAt(now);
        entity.setUpdatedBy(actor.getId());
        entity.setExpiresAt(spec.expiresAt() == null ? null : spec.expiresAt().toEpochMilli());
        entity.setAllowedIps(ApiTokenAdapter.joinIps(spec.allowedIps()));
        spec.scopes().forEach(grant -> JpaApiTokenProvider.addScope(entity, grant));
        em.persist(entity);
        return entity;
    }

    /** @param counted the operation the metrics count, or {@code null} for a change they do not count */
    ApiTokenEntity change(RealmModel realm, String tokenId, TokenEdit edit, ApiTokenMetrics.Operation counted,
                          Consumer<ApiTokenEntity> tokenChange, Consumer<ClientModel> clientChange) {
        ApiTokenEntity entity = em.find(ApiTokenEntity.class, tokenId);
        if (entity == null) {
            throw new ApiTokenConflictException("The token was deleted meanwhile");
        }
        edit.requireVersion(entity.getVersion());
        tokenChange.accept(entity);
        entity.setUpdatedAt(Time.currentTimeMillis());
        if (edit.actor() != null) {
            entity.setUpdatedBy(edit.actor().getId());
        }
        flushOrConflict();
        clients.withClient(realm, entity.getClientUuid(), client -> {
            clientChange.accept(client);
            clients.stamp(client, entity.getVersion());
        });
        lookup.evict(entity.getClientUuid());
        if (counted != null) {
            ApiTokenMetrics.changed(realm.getName(), counted);
        }
        LOG.debugf("changed api token realm=%s token=%s actor=%s version=%d", realm.getName(), entity.getId(),
                edit.actor() == null ? null : edit.actor().getId(), entity.getVersion());
        return entity;
    }

    /** Removes a token's rows only: for a token whose client Keycloak is removing anyway. */
    void removeRows(String tokenId) {
        ApiTokenEntity entity = em.find(ApiTokenEntity.class, tokenId);
        if (entity != null) {
            lookup.evict(entity.getClientUuid());
            em.remove(entity);
            flushOrConflict();
        }
        factory.usage().forget(tokenId);
    }

    /**
     * Writes now, so that a concurrent change surfaces as a conflict rather than at commit. Keycloak's entity manager
     * wraps the {@link OptimisticLockException} in a model exception, hence the look along the causes.
     */
    private void flushOrConflict() {
        try {
            em.flush();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof OptimisticLockException) {
                    throw new ApiTokenConflictException("The token was changed concurrently");
                }
            }
            throw e;
        }
    }
}
