package dev.kcapitokens.model.jpa;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.keycloak.util.JsonSerialization;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.TokenScope;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;
import dev.kcapitokens.model.jpa.entity.ApiTokenScopeEntity;

/** Wraps an entity as a model; last use is the newer of the stored value and one not yet flushed. */
class ApiTokenAdapter implements ApiTokenModel {

    private final ApiTokenEntity entity;
    private final UsageBuffer.Usage pendingUse;

    ApiTokenAdapter(ApiTokenEntity entity, UsageBuffer.Usage pendingUse) {
        this.entity = entity;
        this.pendingUse = pendingUse;
    }

    ApiTokenEntity entity() {
        return entity;
    }

    @Override
    public String getId() {
        return entity.getId();
    }

    @Override
    public String getRealmId() {
        return entity.getRealmId();
    }

    @Override
    public String getName() {
        return entity.getName();
    }

    @Override
    public String getDescription() {
        return entity.getDescription();
    }

    @Override
    public String getOwnerId() {
        return entity.getOwnerId();
    }

    @Override
    public String getUserId() {
        return entity.getUserId();
    }

    @Override
    public String getClientUuid() {
        return entity.getClientUuid();
    }

    @Override
    public String getClientId() {
        return entity.getClientId();
    }

    @Override
    public int getVersion() {
        return entity.getVersion();
    }

    @Override
    public int getGeneration() {
        return entity.getGeneration();
    }

    @Override
    public Instant getCreatedAt() {
        return Instant.ofEpochMilli(entity.getCreatedAt());
    }

    @Override
    public String getCreatedBy() {
        return entity.getCreatedBy();
    }

    @Override
    public Instant getUpdatedAt() {
        return Instant.ofEpochMilli(entity.getUpdatedAt());
    }

    @Override
    public String getUpdatedBy() {
        return entity.getUpdatedBy();
    }

    @Override
    public Instant getExpiresAt() {
        return instant(entity.getExpiresAt());
    }

    @Override
    public Instant getRevokedAt() {
        return instant(entity.getRevokedAt());
    }

    @Override
    public List<String> getAllowedIps() {
        return splitIps(entity.getAllowedIps());
    }

    @Override
    public List<TokenScope> getScopes() {
        return entity.getScopes().stream()
                .map(scope -> new TokenScope(scope.getScopeId(), readResources(scope)))
                .toList();
    }

    @Override
    public String getSecretHint() {
        return entity.getSecretHint();
    }

    @Override
    public Instant getPreviousSecretValidUntil() {
        return entity.getPreviousSecretHash() == null ? null : instant(entity.getPreviousSecretUntil());
    }

    @Override
    public Instant getLastUsedAt() {
        Long stored = entity.getLastUsedAt();
        if (pendingUse != null && (stored == null || pendingUse.at() > stored)) {
            return Instant.ofEpochMilli(pendingUse.at());
        }
        return instant(stored);
    }

    @Override
    public String getLastUsedIp() {
        Long stored = entity.getLastUsedAt();
        if (pendingUse != null && (stored == null || pendingUse.at() > stored) && pendingUse.address() != null) {
            return pendingUse.address();
        }
        return entity.getLastUsedIp();
    }

    static String joinIps(List<String> ips) {
        return ips.isEmpty() ? null : String.join(",", ips);
    }

    static List<String> splitIps(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }

    static String writeResources(List<String> resources) {
        if (resources.isEmpty()) {
            return null;
        }
        try {
            return JsonSerialization.writeValueAsString(resources);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> readResources(ApiTokenScopeEntity scope) {
        if (scope.getResources() == null) {
            return List.of();
        }
        try {
            return Arrays.asList(JsonSerialization.readValue(scope.getResources(), String[].class));
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable resources of scope " + scope.getScopeId(), e);
        }
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
