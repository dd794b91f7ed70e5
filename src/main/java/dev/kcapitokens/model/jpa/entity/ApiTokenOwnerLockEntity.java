package dev.kcapitokens.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row per owner who created a token under a per-user limit: the row a creation locks, so that the owner's creations
 * take turns and each counts the tokens the previous one committed. It holds nothing else.
 */
@Entity
@Table(name = "APITOK_OWNER_LOCK")
public class ApiTokenOwnerLockEntity {

    @Id
    @Column(name = "OWNER_ID", length = 36)
    private String ownerId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }
}
