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
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.CreatedApiToken;
import dev.kcapitokens.model.TokenUpdate;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.RegenerateRequest;
import dev.kcapitokens.representation.TokenRequest;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * One token the caller may oversee (the locator has checked that). Reading, revoking and deleting are for the owner
 * and token administrators; changing it is for the owner only. A calling API token needs {@code token.read} to read,
 * {@code token.delete} to revoke or delete, {@code token.create} for every change, and cannot make it stronger than
 * itself.
 */
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
        return show(token);
    }

    /**
     * The reference's DELETE: revokes the token, which stops working at once, JWTs already issued included. With
     * {@code permanent=true} the token is deleted instead, with its client and its API Token User.
     */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeOrDelete(@QueryParam("permanent") String permanent) {
        caller.requireScope(TokenScopes.DELETE);
        return TokenRemoval.revokeOrDelete(session, realm, token, permanent, caller.user(),
                caller.owner().getId().equals(token.getOwnerId()), TokenAudit.of(session, caller));
    }

    /** Changes name, description and allowed IPs; the body's {@code version} must be the current one, else 409. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation update(InputStream body) {
        caller.requireScope(TokenScopes.CREATE);
        caller.requireOwn(token);
        TokenRequest request = ApiV1Resource.parse(() -> TokenRequestParser.parseUpdate(body, ApiV1Resource.now()));
        boolean newAllowlist = request.has(TokenRequestParser.ALLOWED_IPS);
        TokenCallerLimits.requireWithin(caller, token.getScopes(), newAllowlist ? request.allowedIps() : token.getAllowedIps(),
                token.getExpiresAt());
        TokenUpdate update = new TokenUpdate(request.name(), request.description(), request.clearsDescription(),
                newAllowlist ? request.allowedIps() : null);
        ApiTokenRepresentation updated = show(ApiErrors.unlessConflict(
                () -> tokens.update(realm, token, request.version(), update, caller.user())));
        TokenAudit.of(session, caller).record(OperationType.UPDATE, updated, null);
        return updated;
    }

    /**
     * A new secret with a new validity ({@code expires_at} or {@code duration}, else the realm default), for an active,
     * revoked or expired token, which becomes active, unless an administrator revoked it. With {@code grace_period}
     * (active tokens only) the old secret keeps working that long. The new secret is in {@code token}, once.
     */
    @POST
    @Path("regenerate")
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation regenerate(InputStream body) {
        caller.requireScope(TokenScopes.CREATE);
        caller.requireOwn(token);
        if (token.isRevokedByAdministrator()) {
            throw ApiErrors.accessDenied("An administrator revoked this token; create a new one");
        }
        Instant now = ApiV1Resource.now();
        RegenerateRequest request = ApiV1Resource.parse(() -> TokenRequestParser.parseRegenerate(body, now));
        PolicyRules rules = new PolicyRules(ApiTokenPolicy.of(realm));
        rules.requireMayHoldTokens(CallerAuthenticator.isAdmin(realm, caller.owner()));
        Instant requested = request.expiresAt() != null ? request.expiresAt()
                : request.duration() != null ? now.plus(request.duration()) : null;
        Instant expiresAt = rules.expiry(requested,
                request.duration() != null ? TokenRequestParser.DURATION : TokenRequestParser.EXPIRES_AT, now);
        Instant graceUntil = rules.graceUntil(token, request.gracePeriod(), now);
        TokenCallerLimits.requireWithin(caller, token.getScopes(), token.getAllowedIps(), expiresAt);

        CreatedApiToken regenerated = ApiErrors.unlessConflict(() -> tokens.regenerate(realm, token, expiresAt, graceUntil, caller.user()));
        TokenAudit.of(session, caller).record(OperationType.ACTION, show(regenerated.token()), "regenerate");
        return ApiTokenConverter.toRepresentation(session, realm, regenerated.token(), now, regenerated.secret());
    }

    @Path("scopes")
    public TokenScopesResource scopes() {
        return new TokenScopesResource(session, caller, token);
    }

    private ApiTokenRepresentation show(ApiTokenModel model) {
        return ApiTokenConverter.toRepresentation(session, realm, model, ApiV1Resource.now());
    }
}
