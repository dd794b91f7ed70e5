package dev.kcapitokens.task;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI behind {@link ApiTokenTasksProvider}: the scheduled expiry notices and housekeeping, and running them now. */
public class ApiTokenTasksSpi implements Spi {

    public static final String NAME = "api-token-tasks";

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
        return ApiTokenTasksProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiTokenTasksProviderFactory.class;
    }
}
