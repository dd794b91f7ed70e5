package dev.kcapitokens.model.jpa.entity;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

public class ApiTokenJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ApiTokenEntity.class, ApiTokenScopeEntity.class, ApiTokenServerKeyEntity.class,
                ApiTokenOwnerLockEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/api-tokens/changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return ApiTokenJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}
