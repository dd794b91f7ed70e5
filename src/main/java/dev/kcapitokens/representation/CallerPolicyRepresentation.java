package dev.kcapitokens.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The realm's token policy as it applies to the caller, so that a page can explain the limits before a person submits.
 * Durations are ISO-8601 ({@code P90D}); {@code null} means no limit.
 *
 * @param mayCreate       whether the caller may create (and regenerate) tokens now
 * @param tokensLeft      how many more tokens the owner may have under {@code max_tokens_per_user}; {@code null} for no limit
 * @param mayAdminister   whether the caller is a token administrator: sees, revokes and deletes every token of the realm
 * @param mayManagePolicy whether the caller may change the realm's policy through the admin API (Keycloak's manage-realm)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CallerPolicyRepresentation(
        @JsonProperty("max_lifetime") String maxLifetime,
        @JsonProperty("default_lifetime") String defaultLifetime,
        @JsonProperty("expiry_required") boolean expiryRequired,
        @JsonProperty("max_grace_period") String maxGracePeriod,
        @JsonProperty("max_tokens_per_user") Integer maxTokensPerUser,
        @JsonProperty("may_create") boolean mayCreate,
        @JsonProperty("tokens_left") Long tokensLeft,
        @JsonProperty("may_administer") boolean mayAdminister,
        @JsonProperty("may_manage_policy") boolean mayManagePolicy) {
}
