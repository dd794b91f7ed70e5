package dev.kcapitokens.model.jpa.entity;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One API token. Timestamps are epoch milliseconds. */
@Entity
@Table(name = "APITOK_TOKEN")
@NamedQueries({
        @NamedQuery(name = "apiTokenByClient",
                query = "select t from ApiTokenEntity t left join fetch t.scopes where t.realmId = :realmId and t.clientUuid = :clientUuid"),
        @NamedQuery(name = "apiTokenBySecretHash",
                query = "select t from ApiTokenEntity t where t.realmId = :realmId and (t.secretHash = :hash or t.previousSecretHash = :hash)"),
        @NamedQuery(name = "apiTokenIdsByRealm",
                query = "select t.id from ApiTokenEntity t where t.realmId = :realmId"),
        @NamedQuery(name = "apiTokenIdsByOwner",
                query = "select t.id from ApiTokenEntity t where t.realmId = :realmId and t.ownerId = :ownerId"),
        @NamedQuery(name = "apiTokenIdsByClient",
                query = "select t.id from ApiTokenEntity t where t.clientUuid = :clientUuid"),
        @NamedQuery(name = "apiTokenForgetExpiryNotice",
                query = "update ApiTokenEntity t set t.noticeExpiresAt = null, t.noticeDaysBefore = null where t.id = :id"),
        @NamedQuery(name = "apiTokenRecordUse",
                query = "update ApiTokenEntity t set t.lastUsedAt = :lastUsedAt, t.lastUsedIp = coalesce(:lastUsedIp, t.lastUsedIp) "
                        + "where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :lastUsedAt)"),
})
public class ApiTokenEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", length = 255, nullable = false)
    private String name;

    @Column(name = "DESCRIPTION", length = 1024)
    private String description;

    @Column(name = "OWNER_ID", length = 36, nullable = false)
    private String ownerId;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "CLIENT_UUID", length = 36, nullable = false)
    private String clientUuid;

    @Column(name = "CLIENT_ID", length = 255, nullable = false)
    private String clientId;

    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    private String secretHash;

    @Column(name = "SECRET_HINT", length = 8, nullable = false)
    private String secretHint;

    @Column(name = "PREV_SECRET_HASH", length = 64)
    private String previousSecretHash;

    @Column(name = "PREV_SECRET_UNTIL")
    private Long previousSecretUntil;

    @Column(name = "GENERATION", nullable = false)
    private int generation;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "UPDATED_BY", length = 36)
    private String updatedBy;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOKED_BY", length = 36)
    private String revokedBy;

    /** Our revocation disabled the client (it was enabled then); regeneration enables only such a client. */
    @Column(name = "REVOCATION_DISABLED_CLIENT", nullable = false)
    private boolean revocationDisabledClient;

    @Column(name = "ALLOWED_IPS", length = 4000)
    private String allowedIps;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "LAST_USED_IP", length = 45)
    private String lastUsedIp;

    /**
     * The expiry that the owner's last expiry notice was about, and how many days before it that notice came. Written
     * only by bulk updates ({@code JpaApiTokenProvider#replaceExpiryNotice}), never with the rest of the row, so that
     * a change of the token read before a notice cannot undo the notice's record.
     */
    @Column(name = "NOTICE_EXPIRES_AT", insertable = false, updatable = false)
    private Long noticeExpiresAt;

    @Column(name = "NOTICE_DAYS_BEFORE", insertable = false, updatable = false)
    private Integer noticeDaysBefore;

    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

    @OneToMany(mappedBy = "token", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("scopeId")
    private List<ApiTokenScopeEntity> scopes = new ArrayList<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getClientUuid() {
        return clientUuid;
    }

    public void setClientUuid(String clientUuid) {
        this.clientUuid = clientUuid;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getSecretHash() {
        return secretHash;
    }

    public void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    public String getSecretHint() {
        return secretHint;
    }

    public void setSecretHint(String secretHint) {
        this.secretHint = secretHint;
    }

    public String getPreviousSecretHash() {
        return previousSecretHash;
    }

    public void setPreviousSecretHash(String previousSecretHash) {
        this.previousSecretHash = previousSecretHash;
    }

    public Long getPreviousSecretUntil() {
        return previousSecretUntil;
    }

    public void setPreviousSecretUntil(Long previousSecretUntil) {
        this.previousSecretUntil = previousSecretUntil;
    }

    public int getGeneration() {
        return generation;
    }

    public void setGeneration(int generation) {
        this.generation = generation;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public void setUpdatedBy(String updatedBy) {
        this.updatedBy = updatedBy;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getRevokedAt() {
        return revokedAt;
    }

    public void setRevokedAt(Long revokedAt) {
        this.revokedAt = revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public void setRevokedBy(String revokedBy) {
        this.revokedBy = revokedBy;
    }

    public boolean isRevocationDisabledClient() {
        return revocationDisabledClient;
    }

    public void setRevocationDisabledClient(boolean revocationDisabledClient) {
        this.revocationDisabledClient = revocationDisabledClient;
    }

    public String getAllowedIps() {
        return allowedIps;
    }

    public void setAllowedIps(String allowedIps) {
        this.allowedIps = allowedIps;
    }

    public Long getLastUsedAt() {
        return lastUsedAt;
    }

    public void setLastUsedAt(Long lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }

    public String getLastUsedIp() {
        return lastUsedIp;
    }

    public void setLastUsedIp(String lastUsedIp) {
        this.lastUsedIp = lastUsedIp;
    }

    public Long getNoticeExpiresAt() {
        return noticeExpiresAt;
    }

    public Integer getNoticeDaysBefore() {
        return noticeDaysBefore;
    }

    public int getVersion() {
        return version;
    }

    public List<ApiTokenScopeEntity> getScopes() {
        return scopes;
    }

    /** A detached copy, scopes included, for keeping a token's state between requests without the persistence context. */
    public ApiTokenEntity detachedCopy() {
        ApiTokenEntity copy = new ApiTokenEntity();
        copy.id = id;
        copy.realmId = realmId;
        copy.name = name;
        copy.description = description;
        copy.ownerId = ownerId;
        copy.userId = userId;
        copy.clientUuid = clientUuid;
        copy.clientId = clientId;
        copy.secretHash = secretHash;
        copy.secretHint = secretHint;
        copy.previousSecretHash = previousSecretHash;
        copy.previousSecretUntil = previousSecretUntil;
        copy.generation = generation;
        copy.createdAt = createdAt;
        copy.createdBy = createdBy;
        copy.updatedAt = updatedAt;
        copy.updatedBy = updatedBy;
        copy.expiresAt = expiresAt;
        copy.revokedAt = revokedAt;
        copy.revokedBy = revokedBy;
        copy.revocationDisabledClient = revocationDisabledClient;
        copy.allowedIps = allowedIps;
        copy.lastUsedAt = lastUsedAt;
        copy.lastUsedIp = lastUsedIp;
        copy.noticeExpiresAt = noticeExpiresAt;
        copy.noticeDaysBefore = noticeDaysBefore;
        copy.version = version;
        for (ApiTokenScopeEntity scope : scopes) {
            ApiTokenScopeEntity scopeCopy = new ApiTokenScopeEntity();
            scopeCopy.setToken(copy);
            scopeCopy.setScopeId(scope.getScopeId());
            scopeCopy.setResources(scope.getResources());
            copy.scopes.add(scopeCopy);
        }
        return copy;
    }
}
