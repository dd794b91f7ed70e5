package dev.kcapitokens.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a run of the expiry notices did for a realm; {@code disabled_because} is null when the realm sends notices. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExpiryNoticeRunRepresentation(
        @JsonProperty("realm") String realm,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("disabled_because") String disabledBecause,
        @JsonProperty("sent") int sent,
        @JsonProperty("skipped") int skipped,
        @JsonProperty("failed") int failed) {
}
