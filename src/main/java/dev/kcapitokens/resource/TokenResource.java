package dev.kcapitokens.resource;

import java.io.InputStream;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.CreatedApiToken;
import dev.kcapitokens.model.TokenEdit;
import dev.kcapitokens.model.TokenUpdate;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.RegenerateRequest;
import dev.kcapitokens.representation.TokenRequest;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * One token the caller may see (the locator has checked that). Revoking and deleting are for the owner and those who
 * may manage the owner; changing it is for the owner only. A calling API token needs {@code token.read} to read,
 * {@code token.delete} to revoke or delete, {@code token.create} for every change, and cannot make it stronger than
 * itself. Every change may name the {@code version} it is based on; a stale one is a 409.
 */
public class TokenResource {

    private final ApiContext context;
    private final RealmModel realm;
    private final Caller caller;
    private final ApiTokenModel token;
    private final ApiTokenProvider tokens;

    TokenResource(ApiContext context, Caller caller, ApiTokenModel token) {
        this.context = context;
        this.realm = context.realm();
        this.caller = caller;
        this.token = token;
        this.tokens = context.tokens();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation read() {
        caller.requireScope(ManagementScopes.READ);
        return context.show(token);
    }

    /**
     * The reference's DELETE: revokes the token, which stops working at once, JWTs already issued included. With
     * {@code permanent=true} the token is deleted instead, with its client and its API Token User.
     */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeOrDelete(@QueryParam("permanent") String permanent, @QueryParam("version") String version) {
        caller.requireScope(ManagementScopes.DELETE);
        caller.requireMayRemove(token);
        TokenEdit edit = new TokenEdit(caller.user(), context.versionParam(version));
        return TokenRemoval.revokeOrDelete(context, token, permanent, edit, caller.owns(token), TokenAudit.of(context.session(), caller));
    }

    /** Changes name, description and allowed IPs; the body's {@code version} must be the current one, else 409. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation update(InputStream body) {
        caller.requireScope(ManagementScopes.CREATE);
        caller.requireOwn(token);
        TokenRequest request = context.validate(() -> TokenRequestParser.parseUpdate(context.json(body), context.now()));
        boolean newAllowlist = request.has(TokenRequestParser.ALLOWED_IPS);
        TokenCallerLimits.requireWithin(caller, token.getScopes(), newAllowlist ? request.allowedIps() : token.getAllowedIps(),
                token.getExpiresAt());
        TokenUpdate update = new TokenUpdate(request.name(), request.description(), request.clearsDescription(),
                newAllowlist ? request.allowedIps() : null);
        TokenEdit edit = new TokenEdit(caller.user(), request.version());
        ApiTokenRepresentation updated = context.show(context.unlessConflict(() -> tokens.update(realm, token, edit, update)));
        TokenAudit.of(context.session(), caller).record(OperationType.UPDATE, updated, null);
        return updated;
    }

    /**
     * A new secret with a new validity ({@code expires_at} or {@code duration}, else the realm default), for an active,
     * revoked or expired token, which becomes active, unless an administrator revoked it. With {@code grace_period}
     * (active tokens only) the old secret keeps working that long. The new secret is in {@code token}, once.
     */
    @POST
    @Path("regenerate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation regenerate(InputStream body) {
        caller.requireScope(ManagementScopes.CREATE);
        caller.requireOwn(token);
        if (token.isRevokedByAdministrator()) {
            throw ApiErrors.accessDenied("An administrator revoked this token; create a new one");
        }
        Instant now = context.now();
        RegenerateRequest request = context.validate(() -> TokenRequestParser.parseRegenerate(context.json(body), now));
        PolicyRules rules = new PolicyRules(ApiTokenPolicy.of(realm));
        rules.requireMayHoldTokens(caller.permissions().mayManageAll());
        Instant requested = request.expiresAt() != null ? request.expiresAt()
                : request.duration() != null ? now.plus(request.duration()) : null;
        String field = request.duration() != null ? TokenRequestParser.DURATION : TokenRequestParser.EXPIRES_AT;
        Instant expiresAt = context.validate(() -> rules.expiry(requested, field, now));
        Instant graceUntil = context.validate(() -> rules.graceUntil(token, request.gracePeriod(), now));
        TokenCallerLimits.requireWithin(caller, token.getScopes(), token.getAllowedIps(), expiresAt);

        TokenEdit edit = new TokenEdit(caller.user(), request.version());
        CreatedApiToken regenerated = context.unlessConflict(() -> tokens.regenerate(realm, token, edit, expiresAt, graceUntil));
        TokenAudit.of(context.session(), caller).record(OperationType.ACTION, context.show(regenerated.token()), "regenerate");
        return context.showWithSecret(regenerated.token(), regenerated.secret());
    }

    @Path("scopes")
    public TokenScopesResource scopes() {
        return new TokenScopesResource(context, caller, token);
    }
}
