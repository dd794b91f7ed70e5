package dev.kcapitokens.representation;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.kcapitokens.model.ApiTokenPolicy;

/** A realm's token policy on the wire; durations are ISO-8601 ({@code P90D}), {@code null} meaning no limit. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PolicyRepresentation(
        @JsonProperty("max_lifetime") String maxLifetime,
        @JsonProperty("default_lifetime") String defaultLifetime,
        @JsonProperty("expiry_required") boolean expiryRequired,
        @JsonProperty("max_tokens_per_user") Integer maxTokensPerUser,
        @JsonProperty("max_grace_period") String maxGracePeriod,
        @JsonProperty("users_may_create") boolean usersMayCreate,
        @JsonProperty("expiry_notice_days") List<Integer> expiryNoticeDays,
        @JsonProperty("delete_ended_after_days") Integer deleteEndedAfterDays) {

    public static PolicyRepresentation of(ApiTokenPolicy policy) {
        return new PolicyRepresentation(format(policy.maxLifetime()), format(policy.defaultLifetime()), policy.expiryRequired(),
                policy.maxTokensPerUser(), format(policy.graceCap()), policy.usersMayCreate(), policy.expiryNoticeDays(),
                policy.deleteEndedAfterDays());
    }

    /** {@code P30D} rather than {@code PT720H} where the duration is whole days. */
    public static String format(Duration duration) {
        if (duration == null) {
            return null;
        }
        if (duration.toSeconds() % 86_400 == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }
}
