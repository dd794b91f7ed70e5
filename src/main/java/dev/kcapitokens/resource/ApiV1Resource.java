package dev.kcapitokens.resource;

import java.io.InputStream;
import java.time.Instant;
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
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.CreatedApiToken;
import dev.kcapitokens.model.NewApiToken;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.DeletedRepresentation;
import dev.kcapitokens.representation.TokenListRepresentation;
import dev.kcapitokens.representation.TokenRequest;
import dev.kcapitokens.representation.TokenRequestParser;

/** The reference API: {@code GET tokens}, {@code POST token}, and {@code token/{tokenId}} below. */
public class ApiV1Resource {

    private final ApiContext context;
    private final RealmModel realm;
    private final Caller caller;
    private final ApiTokenProvider tokens;

    ApiV1Resource(ApiContext context, Caller caller) {
        this.context = context;
        this.realm = context.realm();
        this.caller = caller;
        this.tokens = context.tokens();
    }

    /**
     * Lists tokens, newest first. A person sees their own tokens; one who may view the realm's users sees every token
     * of the realm (narrowed with {@code owner}); a calling token sees its owner's and needs {@code token.read-all}.
     */
    @GET
    @Path("tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public TokenListRepresentation list(@QueryParam("status") String status, @QueryParam("owner") String owner,
                                        @QueryParam("search") String search, @QueryParam("first") String first,
                                        @QueryParam("max") String max) {
        caller.requireScope(ManagementScopes.READ_ALL);
        return TokenListing.page(context, ownerFilter(TokenOwners.idOf(context.session(), realm, owner)), status, search, first, max);
    }

    /** Creates a token owned by the caller (or, for a calling token, by its owner). The secret is in {@code token}, once. */
    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation create(InputStream body) {
        caller.requireScope(ManagementScopes.CREATE);
        Instant now = context.now();
        TokenRequest request = context.validate(() -> TokenRequestParser.parseCreate(context.json(body), now));
        PolicyRules rules = new PolicyRules(ApiTokenPolicy.of(realm));
        String ownerId = caller.owner().getId();
        rules.requireMayHoldTokens(caller.permissions().mayManageAll());
        context.validate(() -> rules.requireRoomForOneMore(() -> tokens.countForCreation(realm, ownerId)));
        List<ScopeGrant> scopes = ScopeGrantResolver.resolve(realm, caller, request.scopes(), request.scopeResources());
        Instant expiresAt = context.validate(() -> rules.expiry(request.expiresAt(), TokenRequestParser.EXPIRES_AT, now));
        TokenCallerLimits.requireWithin(caller, scopes, request.allowedIps(), expiresAt);
        String name = request.name() != null ? request.name() : "API token " + ApiTokenConverter.format(now);
        NewApiToken spec = new NewApiToken(name, request.description(), expiresAt, request.allowedIps(), scopes);

        CreatedApiToken created = tokens.create(realm, spec, caller.owner(), caller.user());
        TokenAudit.of(context.session(), caller).record(OperationType.CREATE, context.show(created.token()), null);
        return context.showWithSecret(created.token(), created.secret());
    }

    /**
     * Deletes every token of the caller (a calling token: of its owner; needs {@code token.delete}); one who may
     * manage another {@code owner} may name them. Each token goes with its client and API Token User, in batches of
     * their own ({@link BulkDeletion}).
     */
    @DELETE
    @Path("tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public DeletedRepresentation deleteAll(@QueryParam("owner") String owner) {
        caller.requireScope(ManagementScopes.DELETE);
        String ownerId = owner == null || owner.isBlank() ? caller.owner().getId() : owner;
        if (!ownerId.equals(caller.owner().getId()) && !caller.permissions().mayManageOwner(ownerId)) {
            throw ApiErrors.accessDenied("Deleting another person's tokens needs permission to manage that user");
        }
        long deleted = BulkDeletion.deleteAll(context, caller, ApiTokenQuery.ofOwner(ownerId));
        return new DeletedRepresentation(deleted);
    }

    /** The scopes the caller may grant, for a page to offer. */
    @Path("scopes")
    public GrantableScopesResource scopes() {
        return new GrantableScopesResource(caller);
    }

    /** The realm's policy as it applies to the caller. */
    @Path("policy")
    public CallerPolicyResource policy() {
        return new CallerPolicyResource(context, caller);
    }

    @Path("token/{tokenId}")
    public TokenResource token(@PathParam("tokenId") String tokenId) {
        ApiTokenModel token = tokens.getById(realm, tokenId);
        if (token == null || !caller.mayView(token)) {
            throw context.tokenNotFound();
        }
        return new TokenResource(context, caller, token);
    }

    /** A person's own tokens, or with view permission over the realm's users, anyone's ({@code owner} narrows). */
    private String ownerFilter(String owner) {
        String self = caller.owner().getId();
        if (owner != null && !owner.isBlank()) {
            if (!owner.equals(self) && !caller.permissions().mayViewOwner(owner)) {
                throw ApiErrors.accessDenied("Listing another person's tokens needs permission to view that user");
            }
            return owner;
        }
        return caller.permissions().mayViewAll() ? null : self;
    }
}
