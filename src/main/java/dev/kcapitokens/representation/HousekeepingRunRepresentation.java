package dev.kcapitokens.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a run of the housekeeping did for a realm: tokens revoked or expired before {@code ended_before} were deleted;
 * {@code disabled_because} is null when the realm's policy deletes ended tokens.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HousekeepingRunRepresentation(
        @JsonProperty("realm") String realm,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("disabled_because") String disabledBecause,
        @JsonProperty("ended_before") String endedBefore,
        @JsonProperty("deleted") int deleted,
        @JsonProperty("failed") int failed) {
}
