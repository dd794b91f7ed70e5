package dev.kcapitokens.resource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.TokenClients;
import dev.kcapitokens.model.TokenScope;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.FieldError;
import dev.kcapitokens.representation.InvalidRequestException;
import dev.kcapitokens.representation.ScopesRequest;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * {@code token/{tokenId}/scopes}: add scopes, remove one, remove all. Adding obeys the same containment as creation.
 * Changes apply from the next exchange; removing ends the JWTs already issued. Changes are for the token's owner only.
 * Reading needs {@code token.read}, changing {@code token.create}, from a calling API token, which cannot add scopes
 * beyond its own.
 */
public class TokenScopesResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final ApiTokenModel token;
    private final ApiTokenProvider tokens;

    TokenScopesResource(KeycloakSession session, Caller caller, ApiTokenModel token) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller;
        this.token = token;
        this.tokens = session.getProvider(ApiTokenProvider.class);
    }

    /** The token's scopes: {@code allowed_scopes} and, for restricted ones, {@code scope_resources}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list() {
        caller.requireScope(TokenScopes.READ);
        ApiTokenRepresentation shown = ApiTokenConverter.toRepresentation(session, realm, token, ApiV1Resource.now());
        return Map.of(TokenRequestParser.ALLOWED_SCOPES, shown.allowedScopes(), TokenRequestParser.SCOPE_RESOURCES, shown.scopeResources());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation add(InputStream body) {
        caller.requireScope(TokenScopes.CREATE);
        caller.requireOwn(token);
        ScopesRequest request = ApiV1Resource.parse(() -> TokenRequestParser.parseScopes(body));
        List<FieldError> already = new ArrayList<>();
        List<String> held = TokenClients.scopeNames(realm, token);
        for (int i = 0; i < request.scopes().size(); i++) {
            if (held.contains(request.scopes().get(i))) {
                already.add(new FieldError(TokenRequestParser.ALLOWED_SCOPES + "[" + i + "]", "is already granted"));
            }
        }
        if (!already.isEmpty()) {
            throw ApiErrors.invalid(new InvalidRequestException(already));
        }
        List<TokenScope> added = ScopeGrants.resolve(realm, caller, request.scopes(), request.scopeResources());
        List<TokenScope> all = new ArrayList<>(token.getScopes());
        all.addAll(added);
        TokenCallerLimits.requireWithin(caller, all, token.getAllowedIps(), token.getExpiresAt());
        return change(all, "add scopes " + String.join(" ", request.scopes()));
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation removeAll() {
        caller.requireScope(TokenScopes.CREATE);
        caller.requireOwn(token);
        return change(List.of(), "remove all scopes");
    }

    @DELETE
    @Path("{scope}")
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation remove(@PathParam("scope") String scopeName) {
        caller.requireScope(TokenScopes.CREATE);
        caller.requireOwn(token);
        List<TokenScope> kept = new ArrayList<>();
        boolean found = false;
        for (TokenScope scope : token.getScopes()) {
            ClientScopeModel clientScope = realm.getClientScopeById(scope.scopeId());
            if (clientScope != null && clientScope.getName().equals(scopeName)) {
                found = true;
            } else {
                kept.add(scope);
            }
        }
        if (!found) {
            throw ApiErrors.notFound("The token has no scope " + scopeName);
        }
        return change(kept, "remove scope " + scopeName);
    }

    private ApiTokenRepresentation change(List<TokenScope> scopes, String detail) {
        ApiTokenRepresentation changed = ApiTokenConverter.toRepresentation(session, realm,
                ApiErrors.unlessConflict(() -> tokens.setScopes(realm, token, scopes, caller.user())), ApiV1Resource.now());
        TokenAudit.of(session, caller).record(OperationType.UPDATE, changed, detail);
        return changed;
    }
}
