package dev.kcapitokens.representation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A token as the API shows it. Field names follow the reference API ({@code name}, {@code expires_at},
 * {@code allowed_ips}, {@code allowed_scopes}) and the reference metadata (id, version, dates and actors, the API Token
 * User's {@code user_id}, a masked token). {@code token} carries the secret in the creation response only. Unset
 * values are explicit {@code null}s.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiTokenRepresentation(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("status") String status,
        @JsonProperty("owner_id") String ownerId,
        @JsonProperty("owner") UserRef owner,
        @JsonProperty("user_id") String userId,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("version") int version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("created_by") UserRef createdBy,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("updated_by") UserRef updatedBy,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("revoked_at") String revokedAt,
        @JsonProperty("allowed_ips") List<String> allowedIps,
        @JsonProperty("allowed_scopes") List<String> allowedScopes,
        @JsonProperty("scope_resources") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> scopeResources,
        @JsonProperty("masked_token") String maskedToken,
        @JsonProperty("previous_token_valid_until") @JsonInclude(JsonInclude.Include.NON_NULL) String previousTokenValidUntil,
        @JsonProperty("last_used_at") String lastUsedAt,
        @JsonProperty("last_used_ip") String lastUsedIp,
        @JsonProperty("token") @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

    @Override
    public String toString() {
        return "ApiTokenRepresentation[id=" + id + "]";
    }
}
