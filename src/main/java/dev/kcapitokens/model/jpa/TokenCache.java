package dev.kcapitokens.model.jpa;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * Detached copies of tokens by client id, for the exchange hot path. An entry is only used while its version equals
 * the one stamped on the client (see {@code ApiTokenNames.VERSION_ATTRIBUTE}), so a stale entry is never served, only
 * replaced. Bounded: when full, it starts over.
 */
class TokenCache {

    private final int maxEntries;
    private final Map<String, ApiTokenEntity> byClient = new ConcurrentHashMap<>();

    TokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    ApiTokenEntity get(String clientUuid) {
        return byClient.get(clientUuid);
    }

    void put(String clientUuid, ApiTokenEntity copy) {
        if (byClient.size() >= maxEntries) {
            byClient.clear();
        }
        byClient.put(clientUuid, copy);
    }

    void remove(String clientUuid) {
        byClient.remove(clientUuid);
    }
}
