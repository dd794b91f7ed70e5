package dev.kcapitokens.resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientScopeModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.IpAllowlist;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.representation.FieldError;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * What an API token may do to tokens, itself included: nothing that leaves a token stronger than the calling token.
 * Whether it creates a token or changes one, the result must hold only the caller's scopes (restrictions no wider),
 * only addresses within the caller's allowlist, and an expiry no later than the caller's. Persons are not limited
 * here; {@link ScopeGrantResolver} checks their roles.
 */
final class TokenCallerLimits {

    private TokenCallerLimits() {
    }

    /** For the state a token will have after being created or changed by the caller. */
    static void requireWithin(Caller caller, List<ScopeGrant> scopes, List<String> allowedIps, Instant expiresAt) {
        if (!caller.isToken()) {
            return;
        }
        ApiTokenModel own = caller.token();
        List<FieldError> beyond = new ArrayList<>();
        for (ScopeGrant scope : scopes) {
            if (!holds(own, scope)) {
                ClientScopeModel clientScope = caller.realm().getClientScopeById(scope.scopeId());
                String name = clientScope == null ? scope.scopeId() : clientScope.getName();
                beyond.add(new FieldError(TokenRequestParser.ALLOWED_SCOPES, "'" + name + "' is beyond what the calling token holds"));
            }
        }
        if (!IpAllowlist.covers(own.getAllowedIps(), allowedIps)) {
            beyond.add(new FieldError(TokenRequestParser.ALLOWED_IPS, "must lie within the calling token's allowlist " + own.getAllowedIps()));
        }
        if (own.getExpiresAt() != null && (expiresAt == null || expiresAt.isAfter(own.getExpiresAt()))) {
            beyond.add(new FieldError(TokenRequestParser.EXPIRES_AT, "must not be later than the calling token's expiry "
                    + own.getExpiresAt()));
        }
        if (!beyond.isEmpty()) {
            throw ApiErrors.accessDenied("A token cannot make a token stronger than itself", beyond);
        }
    }

    private static boolean holds(ApiTokenModel own, ScopeGrant wanted) {
        return own.getScopes().stream().anyMatch(held -> held.scopeId().equals(wanted.scopeId())
                && (!held.restricted() || (wanted.restricted() && held.resources().containsAll(wanted.resources()))));
    }
}
