package dev.kcapitokens.task;

import org.keycloak.provider.ProviderFactory;

public interface ApiTokenTasksProviderFactory extends ProviderFactory<ApiTokenTasksProvider> {
}
