package dev.kcapitokens.resource;

import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/api-tokens}: the self-service token API. Everything below {@code api/v1} needs a bearer JWT
 * of this realm; the locator authenticates before it hands on.
 */
public class ApiTokensRealmResource {

    private final KeycloakSession session;

    public ApiTokensRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("api/v1")
    public ApiV1Resource v1() {
        return new ApiV1Resource(session, CallerAuthenticator.authenticate(session));
    }
}
