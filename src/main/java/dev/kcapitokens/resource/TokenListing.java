package dev.kcapitokens.resource;

import java.util.List;

import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.TokenStatus;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.TokenListRepresentation;

/** A page of tokens with the list parameters both APIs share: {@code status}, {@code search}, {@code first}, {@code max}. */
final class TokenListing {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private TokenListing() {
    }

    static TokenListRepresentation page(ApiContext context, String ownerId, String status, String search, String first, String max) {
        ApiTokenQuery query = new ApiTokenQuery(ownerId, statusFilter(context, status), search == null || search.isBlank() ? null : search);
        int from = context.intParam("first", first, 0, 0, Integer.MAX_VALUE);
        int size = context.intParam("max", max, DEFAULT_PAGE, 1, MAX_PAGE);
        ApiTokenProvider tokens = context.tokens();
        List<ApiTokenRepresentation> page = tokens.search(context.realm(), query, from, size).map(context::show).toList();
        return new TokenListRepresentation(page, tokens.count(context.realm(), query), from, size);
    }

    private static TokenStatus statusFilter(ApiContext context, String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return TokenStatus.parse(status).orElseThrow(() -> context.invalid("status", "must be one of active, revoked, expired"));
    }
}
