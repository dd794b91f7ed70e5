package dev.kcapitokens.model.jpa.entity;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class ApiTokenJpaEntityProviderFactory implements JpaEntityProviderFactory {

    /** Also names the Liquibase changelog table (DATABASECHANGELOG_API_TOKENS). */
    static final String ID = "api-tokens";

    private static final ApiTokenJpaEntityProvider PROVIDER = new ApiTokenJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
