package dev.kcapitokens.model.jpa;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.keycloak.common.util.Time;
import org.keycloak.util.JsonSerialization;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ExpiryNotice;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;
import dev.kcapitokens.model.jpa.entity.ApiTokenScopeEntity;

/**
 * Wraps an entity as a model; last use is the newer of the stored value and one not yet flushed. The entity is either
 * managed by the request's persistence context or a detached copy from the token cache, which is only ever read.
 */
class ApiTokenAdapter implements ApiTokenModel {

    private final ApiTokenEntity entity;
    private final UsageBuffer.Usage pendingUse;

    ApiTokenAdapter(ApiTokenEntity entity, UsageBuffer.Usage pendingUse) {
        this.entity = entity;
        this.pendingUse = pendingUse;
    }

    /** The entity, for reading (hashes); changes go through {@link JpaApiTokenProvider} to the managed one. */
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
    public String getRevokedBy() {
        return entity.getRevokedBy();
    }

    @Override
    public List<String> getAllowedIps() {
        return splitIps(entity.getAllowedIps());
    }

    @Override
    public List<ScopeGrant> getScopes() {
        return entity.getScopes().stream()
                .map(scope -> new ScopeGrant(scope.getScopeId(), readResources(scope)))
                .toList();
    }

    @Override
    public String getSecretHint() {
        return entity.getSecretHint();
    }

    /** Only while the grace period runs. */
    @Override
    public Instant getPreviousSecretValidUntil() {
        Long until = entity.getPreviousSecretUntil();
        return entity.getPreviousSecretHash() == null || until == null || until <= Time.currentTimeMillis() ? null : Instant.ofEpochMilli(until);
    }

    @Override
    public Instant getLastUsedAt() {
        return pendingIsNewer() ? Instant.ofEpochMilli(pendingUse.at()) : instant(entity.getLastUsedAt());
    }

    @Override
    public String getLastUsedIp() {
        return pendingIsNewer() && pendingUse.address() != null ? pendingUse.address() : entity.getLastUsedIp();
    }

    @Override
    public ExpiryNotice getExpiryNotice() {
        Long expiresAt = entity.getNoticeExpiresAt();
        Integer daysBefore = entity.getNoticeDaysBefore();
        return expiresAt == null || daysBefore == null ? null : new ExpiryNotice(Instant.ofEpochMilli(expiresAt), daysBefore);
    }

    private boolean pendingIsNewer() {
        return pendingUse != null && (entity.getLastUsedAt() == null || pendingUse.at() > entity.getLastUsedAt());
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
