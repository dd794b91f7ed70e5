package dev.kcapitokens.resource;

import java.time.Instant;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.TokenStatus;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.TokenListRepresentation;

/** A page of tokens with the list parameters both APIs share: {@code status}, {@code search}, {@code first}, {@code max}. */
final class TokenListing {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private TokenListing() {
    }

    static TokenListRepresentation page(KeycloakSession session, RealmModel realm, String ownerId, String status, String search,
                                        String first, String max) {
        ApiTokenQuery query = new ApiTokenQuery(ownerId, statusFilter(status), search == null || search.isBlank() ? null : search);
        int from = intParam("first", first, 0, 0, Integer.MAX_VALUE);
        int size = intParam("max", max, DEFAULT_PAGE, 1, MAX_PAGE);
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        Instant now = ApiV1Resource.now();
        List<ApiTokenRepresentation> page = tokens.search(realm, query, from, size)
                .map(token -> ApiTokenConverter.toRepresentation(session, realm, token, now))
                .toList();
        return new TokenListRepresentation(page, tokens.count(realm, query), from, size);
    }

    static TokenStatus statusFilter(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return TokenStatus.parse(status).orElseThrow(() -> ApiErrors.invalid("status", "must be one of active, revoked, expired"));
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiErrors.invalid(name, "must be an integer from " + min + " to " + max);
    }
}
