package dev.kcapitokens.resource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.model.TokenEdit;
import dev.kcapitokens.representation.AddScopesRequest;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.FieldError;
import dev.kcapitokens.representation.TokenRequestParser;
import dev.kcapitokens.representation.TokenScopesRepresentation;

/**
 * {@code token/{tokenId}/scopes}: add scopes, remove one, remove all. Adding obeys the same containment as creation.
 * Changes apply from the next exchange; removing ends the JWTs already issued. Changes are for the token's owner only.
 * Reading needs {@code token.read}, changing {@code token.create}, from a calling API token, which cannot add scopes
 * beyond its own. Each change may name the {@code version} it is based on.
 */
public class TokenScopesResource {

    private final ApiContext context;
    private final RealmModel realm;
    private final Caller caller;
    private final ApiTokenModel token;

    TokenScopesResource(ApiContext context, Caller caller, ApiTokenModel token) {
        this.context = context;
        this.realm = context.realm();
        this.caller = caller;
        this.token = token;
    }

    /** The token's scopes: {@code allowed_scopes} and, for restricted ones, {@code scope_resources}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TokenScopesRepresentation list() {
        caller.requireScope(ManagementScopes.READ);
        return TokenScopesRepresentation.of(context.show(token));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation add(InputStream body) {
        caller.requireScope(ManagementScopes.CREATE);
        caller.requireOwn(token);
        AddScopesRequest request = context.validate(() -> TokenRequestParser.parseScopes(context.json(body)));
        List<FieldError> already = new ArrayList<>();
        List<String> held = ScopeGrant.names(realm, token.getScopes());
        for (int i = 0; i < request.scopes().size(); i++) {
            if (held.contains(request.scopes().get(i))) {
                already.add(new FieldError(TokenRequestParser.ALLOWED_SCOPES + "[" + i + "]", "is already granted"));
            }
        }
        if (!already.isEmpty()) {
            throw ApiErrors.invalid(already);
        }
        List<ScopeGrant> added = ScopeGrantResolver.resolve(realm, caller, request.scopes(), request.scopeResources());
        List<ScopeGrant> all = new ArrayList<>(token.getScopes());
        all.addAll(added);
        TokenCallerLimits.requireWithin(caller, all, token.getAllowedIps(), token.getExpiresAt());
        return change(all, request.version(), "add scopes " + String.join(" ", request.scopes()));
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation removeAll(@QueryParam("version") String version) {
        caller.requireScope(ManagementScopes.CREATE);
        caller.requireOwn(token);
        return change(List.of(), context.versionParam(version), "remove all scopes");
    }

    @DELETE
    @Path("{scope}")
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation remove(@PathParam("scope") String scopeName, @QueryParam("version") String version) {
        caller.requireScope(ManagementScopes.CREATE);
        caller.requireOwn(token);
        Integer expectedVersion = context.versionParam(version);
        List<ScopeGrant> kept = new ArrayList<>();
        boolean found = false;
        for (ScopeGrant grant : token.getScopes()) {
            ClientScopeModel clientScope = realm.getClientScopeById(grant.scopeId());
            if (clientScope != null && clientScope.getName().equals(scopeName)) {
                found = true;
            } else {
                kept.add(grant);
            }
        }
        if (!found) {
            throw context.notFound("The token has no scope " + scopeName);
        }
        return change(kept, expectedVersion, "remove scope " + scopeName);
    }

    private ApiTokenRepresentation change(List<ScopeGrant> scopes, Integer expectedVersion, String detail) {
        TokenEdit edit = new TokenEdit(caller.user(), expectedVersion);
        ApiTokenRepresentation changed = context.show(context.unlessConflict(
                () -> context.tokens().setScopes(realm, token, edit, scopes)));
        TokenAudit.of(context.session(), caller).record(OperationType.UPDATE, changed, detail);
        return changed;
    }
}
