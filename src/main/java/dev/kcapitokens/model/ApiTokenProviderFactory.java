package dev.kcapitokens.model;

import org.keycloak.provider.ProviderFactory;

public interface ApiTokenProviderFactory extends ProviderFactory<ApiTokenProvider> {
}
