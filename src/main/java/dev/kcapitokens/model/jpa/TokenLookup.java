package dev.kcapitokens.model.jpa;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.TokenSecrets;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * Finding a token from what a caller presents: its client (the exchange hot path, served from the token cache) or its
 * secret (keyed hash, compared in constant time).
 */
final class TokenLookup {

    private final KeycloakSession session;
    private final EntityManager em;
    private final JpaApiTokenProviderFactory factory;

    TokenLookup(KeycloakSession session, EntityManager em, JpaApiTokenProviderFactory factory) {
        this.session = session;
        this.em = em;
        this.factory = factory;
    }

    /**
     * A copy of the token is kept between requests and used while the version stamped on the client (which Keycloak's
     * client cache serves, and invalidates on every node when we change it) still matches; otherwise the token is read
     * from the database.
     */
    ApiTokenEntity byClient(RealmModel realm, ClientModel client) {
        ApiTokenEntity cached = factory.tokenCache().get(client.getId());
        String stamp = client.getAttribute(ApiTokenNames.VERSION_ATTRIBUTE);
        if (cached != null && cached.getRealmId().equals(realm.getId()) && Integer.toString(cached.getVersion()).equals(stamp)) {
            return cached;
        }
        ApiTokenEntity entity = em.createNamedQuery("apiTokenByClient", ApiTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("clientUuid", client.getId())
                .getResultStream()
                .findFirst()
                .orElse(null);
        if (entity == null) {
            factory.tokenCache().remove(client.getId());
            return null;
        }
        factory.tokenCache().put(client.getId(), entity.detachedCopy());
        return entity;
    }

    /** The token whose current secret, or previous one within a grace period, is {@code secret}; else {@code null}. */
    ApiTokenEntity bySecret(RealmModel realm, String secret) {
        if (!TokenSecrets.isWellFormed(secret)) {
            return null;
        }
        String hash = hash(realm, secret);
        return em.createNamedQuery("apiTokenBySecretHash", ApiTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("hash", hash)
                .getResultStream()
                .filter(entity -> matches(entity, hash))
                .findFirst()
                .orElse(null);
    }

    boolean verify(RealmModel realm, ApiTokenEntity entity, String secret) {
        return TokenSecrets.isWellFormed(secret) && matches(entity, hash(realm, secret));
    }

    /** Forgets the cached copy; the next use reads the token again. */
    void evict(String clientUuid) {
        factory.tokenCache().remove(clientUuid);
    }

    String hash(RealmModel realm, String secret) {
        return TokenSecrets.hash(factory.serverKey(session), realm.getId(), secret);
    }

    private static boolean matches(ApiTokenEntity entity, String hash) {
        if (TokenSecrets.hashEquals(entity.getSecretHash(), hash)) {
            return true;
        }
        Long graceUntil = entity.getPreviousSecretUntil();
        return graceUntil != null && graceUntil > Time.currentTimeMillis()
                && TokenSecrets.hashEquals(entity.getPreviousSecretHash(), hash);
    }
}
