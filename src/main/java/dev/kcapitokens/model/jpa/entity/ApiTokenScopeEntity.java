package dev.kcapitokens.model.jpa.entity;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A client scope granted to a token, optionally restricted to resource ids (a JSON array). */
@Entity
@Table(name = "APITOK_TOKEN_SCOPE")
@IdClass(ApiTokenScopeEntity.Key.class)
public class ApiTokenScopeEntity {

    @Id
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "TOKEN_ID")
    private ApiTokenEntity token;

    @Id
    @Column(name = "SCOPE_ID", length = 36)
    private String scopeId;

    @Column(name = "RESOURCES", length = 4000)
    private String resources;

    public ApiTokenEntity getToken() {
        return token;
    }

    public void setToken(ApiTokenEntity token) {
        this.token = token;
    }

    public String getScopeId() {
        return scopeId;
    }

    public void setScopeId(String scopeId) {
        this.scopeId = scopeId;
    }

    public String getResources() {
        return resources;
    }

    public void setResources(String resources) {
        this.resources = resources;
    }

    public static class Key implements Serializable {

        private String token;
        private String scopeId;

        public Key() {
        }

        public Key(String token, String scopeId) {
            this.token = token;
            this.scopeId = scopeId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(token, other.token) && Objects.equals(scopeId, other.scopeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(token, scopeId);
        }
    }
}
