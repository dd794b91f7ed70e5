package dev.kcapitokens.resource;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;

/** One token the caller may manage (the locator has checked that). */
public class TokenResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final ApiTokenModel token;
    private final ApiTokenProvider tokens;

    TokenResource(KeycloakSession session, Caller caller, ApiTokenModel token) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller;
        this.token = token;
        this.tokens = session.getProvider(ApiTokenProvider.class);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation read() {
        caller.requireScope(TokenScopes.READ);
        return ApiTokenConverter.toRepresentation(session, realm, token, ApiV1Resource.now());
    }

    /** Revokes the token (the reference's DELETE): it stops working at once, JWTs already issued included. */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation revoke() {
        caller.requireScope(TokenScopes.DELETE);
        boolean wasRevoked = token.getRevokedAt() != null;
        ApiTokenModel revoked = tokens.revoke(realm, token, caller.user());
        ApiTokenRepresentation representation = ApiTokenConverter.toRepresentation(session, realm, revoked, ApiV1Resource.now());
        if (!wasRevoked) {
            TokenAudit.of(session, caller).record(OperationType.ACTION, representation, "revoke");
        }
        return representation;
    }
}
