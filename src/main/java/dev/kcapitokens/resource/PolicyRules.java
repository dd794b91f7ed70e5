package dev.kcapitokens.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;


import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.TokenStatus;
import dev.kcapitokens.representation.InvalidRequestException;
import dev.kcapitokens.representation.PolicyRepresentation;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * How creation and regeneration obey the realm's {@link ApiTokenPolicy}. A violated limit throws
 * {@link InvalidRequestException} naming the field (the API's 400); only {@link #requireMayHoldTokens} is a 403.
 */
final class PolicyRules {

    private final ApiTokenPolicy policy;

    PolicyRules(ApiTokenPolicy policy) {
        this.policy = policy;
    }

    /**
     * The expiry a new or regenerated token gets: the requested one within the maximum lifetime; else the default
     * lifetime; else, if expiry is not required, the maximum lifetime or none.
     */
    Instant expiry(Instant requested, String field, Instant now) {
        Duration max = policy.maxLifetime();
        if (requested != null) {
            if (max != null && requested.isAfter(now.plus(max))) {
                throw new InvalidRequestException(field, "must be at most " + PolicyRepresentation.format(max) + " from now (the realm's maximum lifetime)");
            }
            return requested;
        }
        if (policy.defaultLifetime() != null) {
            return now.plus(policy.defaultLifetime());
        }
        if (policy.expiryRequired()) {
            throw new InvalidRequestException(TokenRequestParser.EXPIRES_AT, "is required by the realm's policy");
        }
        return max == null ? null : now.plus(max);
    }

    /** Until when the old secret keeps working: only for an active token, within the realm's cap and its old expiry. */
    Instant graceUntil(ApiTokenModel token, Duration grace, Instant now) {
        if (grace == null) {
            return null;
        }
        if (token.getStatus(now) != TokenStatus.ACTIVE) {
            throw new InvalidRequestException(TokenRequestParser.GRACE_PERIOD, "applies only to an active token; a revoked or expired secret stays dead");
        }
        if (grace.compareTo(policy.graceCap()) > 0) {
            throw new InvalidRequestException(TokenRequestParser.GRACE_PERIOD, "must be at most " + PolicyRepresentation.format(policy.graceCap()));
        }
        Instant until = now.plus(grace);
        return token.getExpiresAt() != null && token.getExpiresAt().isBefore(until) ? token.getExpiresAt() : until;
    }

    /** Whether the caller may create (or renew) tokens at all. */
    void requireMayHoldTokens(boolean callerIsTokenAdministrator) {
        if (!policy.usersMayCreate() && !callerIsTokenAdministrator) {
            throw ApiErrors.accessDenied("The realm's policy lets only token administrators have tokens");
        }
    }

    /** Whether the owner has room for one more token; counts only when the realm sets a limit. */
    void requireRoomForOneMore(LongSupplier ownerTokens) {
        Integer max = policy.maxTokensPerUser();
        if (max == null) {
            return;
        }
        long held = ownerTokens.getAsLong();
        if (held >= max) {
            throw new InvalidRequestException("owner", "already has " + held + " tokens; the realm allows " + max
                    + " per user (delete some to make room)");
        }
    }
}
