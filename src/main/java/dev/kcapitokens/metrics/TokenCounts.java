package dev.kcapitokens.metrics;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.TokenStatus;

/**
 * Refreshes the {@code keycloak_api_tokens{realm, status}} gauges: three indexed counts per realm, run by a timer on
 * each node (every minute by default), never on a scrape and never per request.
 */
public final class TokenCounts {

    private TokenCounts() {
    }

    public static void refresh(KeycloakSession session) {
        if (!ApiTokenMetrics.enabled()) {
            return;
        }
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        session.realms().getRealmsStream().forEach(realm -> refresh(tokens, realm));
    }

    private static void refresh(ApiTokenProvider tokens, RealmModel realm) {
        for (TokenStatus status : TokenStatus.values()) {
            ApiTokenMetrics.tokens(realm.getName(), status.value(), tokens.count(realm, new ApiTokenQuery(null, status, null)));
        }
    }
}
