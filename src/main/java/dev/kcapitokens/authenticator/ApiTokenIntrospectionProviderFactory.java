package dev.kcapitokens.authenticator;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/**
 * Replaces Keycloak's {@code access_token} introspection provider (the one used when a client sends no
 * {@code token_type_hint}) with {@link ApiTokenIntrospectionProvider}, which delegates everything but our tokens.
 */
public class ApiTokenIntrospectionProviderFactory implements TokenIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new ApiTokenIntrospectionProvider(session);
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
        return AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE;
    }

    /** Wins over Keycloak's factory of the same id. */
    @Override
    public int order() {
        return 100;
    }
}
