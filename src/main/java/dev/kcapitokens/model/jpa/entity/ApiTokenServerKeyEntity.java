package dev.kcapitokens.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The server's HMAC key for token secrets; one row, created on first start. */
@Entity
@Table(name = "APITOK_SERVER_KEY")
public class ApiTokenServerKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "SECRET", length = 255, nullable = false)
    private String secret;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }
}
