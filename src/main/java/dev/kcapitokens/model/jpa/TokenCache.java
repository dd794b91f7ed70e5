package dev.kcapitokens.model.jpa;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.AbstractKeycloakTransaction;

import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * Detached copies of tokens between requests, so that the hot paths (an exchange by client, a direct use, an
 * introspection or an exchange by secret alone) read no database: copies by client id, the client id of each
 * secret seen, by the secret's keyed hash, and the client id of each token client, by realm and {@code client_id}, so
 * that an exchange finds its client by id instead of through Keycloak's {@code client_id} lookup (which would keep one
 * more entry per token in Keycloak's {@code realms} cache). All three maps are bounded LRUs ({@link BoundedLru}): a
 * full cache drops its least recently used entry, never everything. The two indexes are only pointers: the caller
 * checks what they point at (the secret's hash, the client's {@code client_id}) before it uses it.
 *
 * <p>The invariant: <b>a cached copy never outlives a rolled-back change.</b> It rests on two rules.
 * <ol>
 *   <li>A copy is admitted only after the transaction that read it has committed ({@link Admission}, enlisted as an
 *   after-completion transaction of the session). A transaction that rolls back admits nothing, whatever it changed
 *   or read, so a state that never became durable never enters the cache.</li>
 *   <li>A copy is served only while its version equals the version stamped on the token's client
 *   ({@code ApiTokenNames.VERSION_ATTRIBUTE}), which Keycloak's client cache serves and invalidates on every node. Every
 *   change of a token raises its version and stamps it in the same transaction, and versions only grow, so a copy of
 *   an older state is never served again once a change has committed, on any node.</li>
 * </ol>
 * An entry that fails the check is only a miss: the token is read from the database and the fresh copy replaces it.
 */
final class TokenCache {

    private static final int SEGMENTS = 16;

    private final BoundedLru<String, ApiTokenEntity> byClient;
    private final BoundedLru<String, String> clientBySecretHash;
    private final BoundedLru<String, String> clientByClientId;

    TokenCache(int maxEntries) {
        this(maxEntries, SEGMENTS);
    }

    TokenCache(int maxEntries, int segments) {
        byClient = new BoundedLru<>(maxEntries, segments);
        clientBySecretHash = new BoundedLru<>(maxEntries, segments);
        clientByClientId = new BoundedLru<>(maxEntries, segments);
    }

    /** The cached copy of the token of this client, unchecked: the caller compares its version with the client's stamp. */
    ApiTokenEntity get(String clientUuid) {
        return byClient.get(clientUuid);
    }

    /** The client id last seen for this secret hash, unchecked: the caller verifies the copy's hash. */
    String clientOf(String secretHash) {
        return clientBySecretHash.get(secretHash);
    }

    /** The client id last seen for this {@code client_id} in this realm, unchecked: the caller compares the client's. */
    String clientOfClientId(String realmId, String clientId) {
        return clientByClientId.get(clientIdKey(realmId, clientId));
    }

    void remove(String clientUuid) {
        byClient.remove(clientUuid);
    }

    int size() {
        return byClient.size();
    }

    /** A transaction-bound batch of copies for the cache; see the class comment. */
    Admission admission() {
        return new Admission(this);
    }

    private void admit(ApiTokenEntity copy, String secretHash) {
        // two readers may commit out of order: keep the newer copy
        byClient.put(copy.getClientUuid(), copy, (cached, offered) -> offered.getVersion() >= cached.getVersion() ? offered : cached);
        if (secretHash != null) {
            clientBySecretHash.put(secretHash, copy.getClientUuid(), (cached, offered) -> offered);
        }
        if (copy.getClientId() != null) {
            clientByClientId.put(clientIdKey(copy.getRealmId(), copy.getClientId()), copy.getClientUuid(), (cached, offered) -> offered);
        }
    }

    private static String clientIdKey(String realmId, String clientId) {
        return realmId + '\u0000' + clientId;
    }

    /**
     * Copies read in one transaction, admitted to the cache when it commits and dropped when it rolls back. Keycloak
     * commits after-completion transactions only once every main transaction (the database's) has committed.
     */
    static final class Admission extends AbstractKeycloakTransaction {

        private record Offer(ApiTokenEntity copy, String secretHash) {
        }

        private final TokenCache cache;
        private final List<Offer> offers = new ArrayList<>();

        private Admission(TokenCache cache) {
            this.cache = cache;
        }

        /** @param secretHash the hash by which the token was found, or {@code null} */
        void offer(ApiTokenEntity entity, String secretHash) {
            offers.add(new Offer(entity.detachedCopy(), secretHash));
        }

        @Override
        protected void commitImpl() {
            offers.forEach(offer -> cache.admit(offer.copy(), offer.secretHash()));
            offers.clear();
        }

        @Override
        protected void rollbackImpl() {
            offers.clear();
        }
    }
}
