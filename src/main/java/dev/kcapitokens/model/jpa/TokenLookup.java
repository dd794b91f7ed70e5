package dev.kcapitokens.model.jpa;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.TokenSecrets;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * Finding a token from what a caller presents: its client (an exchange with {@code client_id}) or its secret (direct
 * use, introspection, an exchange by the secret alone; keyed hash, compared in constant time). Both are served from
 * the {@link TokenCache} while the copy's version matches the stamp on the token's client, which Keycloak's client
 * cache serves; otherwise the token is read from the database and offered to the cache for after the commit.
 */
final class TokenLookup {

    private static final String BY_CLIENT_ID =
            "select t from ApiTokenEntity t left join fetch t.scopes where t.realmId = :realmId and t.clientId = :clientId";

    private final KeycloakSession session;
    private final EntityManager em;
    private final JpaApiTokenProviderFactory factory;
    private TokenCache.Admission admission;

    TokenLookup(KeycloakSession session, EntityManager em, JpaApiTokenProviderFactory factory) {
        this.session = session;
        this.em = em;
        this.factory = factory;
    }

    ApiTokenEntity byClient(RealmModel realm, ClientModel client) {
        ApiTokenEntity cached = current(realm, client);
        if (cached != null) {
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
        offer(entity, null);
        return entity;
    }

    /**
     * The client with this {@code client_id}. A token client is found by its id, which the token cache remembers or
     * our own table holds (client_ids of token clients carry {@link TokenClientProvisioner#CLIENT_ID_PREFIX}), never
     * through Keycloak's {@code client_id} lookup: Keycloak caches that lookup as one more {@code realms} entry per
     * client. Any other client_id, and a token client whose client_id an administrator changed, go to Keycloak.
     */
    ClientModel client(RealmModel realm, String clientId) {
        String clientUuid = factory.tokenCache().clientOfClientId(realm.getId(), clientId);
        if (clientUuid == null && clientId.startsWith(TokenClientProvisioner.CLIENT_ID_PREFIX)) {
            ApiTokenEntity entity = em.createQuery(BY_CLIENT_ID, ApiTokenEntity.class)
                    .setParameter("realmId", realm.getId())
                    .setParameter("clientId", clientId)
                    .getResultStream()
                    .findFirst()
                    .orElse(null);
            if (entity != null) {
                offer(entity, null);
                clientUuid = entity.getClientUuid();
            }
        }
        if (clientUuid != null) {
            ClientModel client = realm.getClientById(clientUuid);
            if (client != null && clientId.equals(client.getClientId())) {
                return client;
            }
        }
        return session.clients().getClientByClientId(realm, clientId);
    }

    /** The token whose current secret, or previous one within a grace period, is {@code secret}; else {@code null}. */
    ApiTokenEntity bySecret(RealmModel realm, String secret) {
        if (!TokenSecrets.isWellFormed(secret)) {
            return null;
        }
        String hash = hash(realm, secret);
        String clientUuid = factory.tokenCache().clientOf(hash);
        if (clientUuid != null) {
            ClientModel client = realm.getClientById(clientUuid);
            ApiTokenEntity cached = client == null ? null : current(realm, client);
            if (cached != null && matches(cached, hash)) {
                return cached;
            }
        }
        ApiTokenEntity entity = em.createNamedQuery("apiTokenBySecretHash", ApiTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("hash", hash)
                .getResultStream()
                .filter(candidate -> matches(candidate, hash))
                .findFirst()
                .orElse(null);
        if (entity != null) {
            offer(entity, hash);
        }
        return entity;
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

    /** The cached copy, if it is of the version stamped on the client (see {@link TokenCache}). */
    private ApiTokenEntity current(RealmModel realm, ClientModel client) {
        ApiTokenEntity cached = factory.tokenCache().get(client.getId());
        String stamp = client.getAttribute(ApiTokenNames.VERSION_ATTRIBUTE);
        if (cached != null && cached.getRealmId().equals(realm.getId()) && Integer.toString(cached.getVersion()).equals(stamp)) {
            return cached;
        }
        return null;
    }

    /** Offers a copy of what this transaction read to the cache, admitted only if the transaction commits. */
    private void offer(ApiTokenEntity entity, String hash) {
        if (admission == null || admission.getState() == AbstractKeycloakTransaction.TransactionState.FINISHED) {
            admission = factory.tokenCache().admission();
            session.getTransactionManager().enlistAfterCompletion(admission);
        }
        admission.offer(entity, hash);
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
