package dev.kcapitokens.representation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A token as the API shows it, built through named setters ({@link ApiTokenConverter}). Field names follow the
 * reference API ({@code name}, {@code expires_at}, {@code allowed_ips}, {@code allowed_scopes}) and the reference
 * metadata (id, version, dates and actors, the API Token User's {@code user_id}, a masked token). {@code token} carries
 * the secret in creation and regeneration responses only. Unset values are explicit {@code null}s.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"id", "name", "description", "status", "owner_id", "owner", "user_id", "client_id", "version", "created_at",
        "created_by", "updated_at", "updated_by", "expires_at", "revoked_at", "allowed_ips", "allowed_scopes",
        "scope_resources", "masked_token", "previous_token_valid_until", "last_used_at", "last_used_ip", "token"})
public class ApiTokenRepresentation {

    @JsonProperty("id")
    private String id;
    @JsonProperty("name")
    private String name;
    @JsonProperty("description")
    private String description;
    @JsonProperty("status")
    private String status;
    @JsonProperty("owner_id")
    private String ownerId;
    @JsonProperty("owner")
    private UserRef owner;
    @JsonProperty("user_id")
    private String userId;
    @JsonProperty("client_id")
    private String clientId;
    @JsonProperty("version")
    private int version;
    @JsonProperty("created_at")
    private String createdAt;
    @JsonProperty("created_by")
    private UserRef createdBy;
    @JsonProperty("updated_at")
    private String updatedAt;
    @JsonProperty("updated_by")
    private UserRef updatedBy;
    @JsonProperty("expires_at")
    private String expiresAt;
    @JsonProperty("revoked_at")
    private String revokedAt;
    @JsonProperty("allowed_ips")
    private List<String> allowedIps = List.of();
    @JsonProperty("allowed_scopes")
    private List<String> allowedScopes = List.of();
    @JsonProperty("scope_resources")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private Map<String, List<String>> scopeResources = Map.of();
    @JsonProperty("masked_token")
    private String maskedToken;
    @JsonProperty("previous_token_valid_until")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String previousTokenValidUntil;
    @JsonProperty("last_used_at")
    private String lastUsedAt;
    @JsonProperty("last_used_ip")
    private String lastUsedIp;
    @JsonProperty("token")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String token;

    public String id() {
        return id;
    }

    /** The secret in clear: set only in creation and regeneration responses. */
    public String token() {
        return token;
    }

    public List<String> allowedScopes() {
        return allowedScopes;
    }

    public Map<String, List<String>> scopeResources() {
        return scopeResources;
    }

    public ApiTokenRepresentation id(String id) {
        this.id = id;
        return this;
    }

    public ApiTokenRepresentation name(String name) {
        this.name = name;
        return this;
    }

    public ApiTokenRepresentation description(String description) {
        this.description = description;
        return this;
    }

    public ApiTokenRepresentation status(String status) {
        this.status = status;
        return this;
    }

    public ApiTokenRepresentation ownerId(String ownerId) {
        this.ownerId = ownerId;
        return this;
    }

    public ApiTokenRepresentation owner(UserRef owner) {
        this.owner = owner;
        return this;
    }

    public ApiTokenRepresentation userId(String userId) {
        this.userId = userId;
        return this;
    }

    public ApiTokenRepresentation clientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    public ApiTokenRepresentation version(int version) {
        this.version = version;
        return this;
    }

    public ApiTokenRepresentation createdAt(String createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    public ApiTokenRepresentation createdBy(UserRef createdBy) {
        this.createdBy = createdBy;
        return this;
    }

    public ApiTokenRepresentation updatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
        return this;
    }

    public ApiTokenRepresentation updatedBy(UserRef updatedBy) {
        this.updatedBy = updatedBy;
        return this;
    }

    public ApiTokenRepresentation expiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    public ApiTokenRepresentation revokedAt(String revokedAt) {
        this.revokedAt = revokedAt;
        return this;
    }

    public ApiTokenRepresentation allowedIps(List<String> allowedIps) {
        this.allowedIps = List.copyOf(allowedIps);
        return this;
    }

    public ApiTokenRepresentation allowedScopes(List<String> allowedScopes) {
        this.allowedScopes = List.copyOf(allowedScopes);
        return this;
    }

    public ApiTokenRepresentation scopeResources(Map<String, List<String>> scopeResources) {
        this.scopeResources = Map.copyOf(scopeResources);
        return this;
    }

    public ApiTokenRepresentation maskedToken(String maskedToken) {
        this.maskedToken = maskedToken;
        return this;
    }

    public ApiTokenRepresentation previousTokenValidUntil(String previousTokenValidUntil) {
        this.previousTokenValidUntil = previousTokenValidUntil;
        return this;
    }

    public ApiTokenRepresentation lastUsedAt(String lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
        return this;
    }

    public ApiTokenRepresentation lastUsedIp(String lastUsedIp) {
        this.lastUsedIp = lastUsedIp;
        return this;
    }

    public ApiTokenRepresentation token(String token) {
        this.token = token;
        return this;
    }

    @Override
    public String toString() {
        return "ApiTokenRepresentation[id=" + id + "]";
    }
}
