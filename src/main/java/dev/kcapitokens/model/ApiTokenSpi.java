package dev.kcapitokens.model;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI behind {@link ApiTokenProvider}: where API tokens are stored. */
public class ApiTokenSpi implements Spi {

    public static final String NAME = "api-token";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ApiTokenProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiTokenProviderFactory.class;
    }
}
