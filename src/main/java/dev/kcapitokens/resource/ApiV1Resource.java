package dev.kcapitokens.resource;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.CreatedApiToken;
import dev.kcapitokens.model.NewApiToken;
import dev.kcapitokens.model.TokenScope;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.InvalidRequestException;
import dev.kcapitokens.representation.TokenListRepresentation;
import dev.kcapitokens.representation.TokenRequest;
import dev.kcapitokens.representation.TokenRequestParser;

/** The reference API: {@code GET tokens}, {@code POST token}, and {@code token/{tokenId}} below. */
public class ApiV1Resource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final ApiTokenProvider tokens;

    ApiV1Resource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller;
        this.tokens = session.getProvider(ApiTokenProvider.class);
    }

    /**
     * Lists tokens, newest first. A person sees their own tokens, an administrator every token of the realm (narrowed
     * with {@code owner}); a calling token sees its owner's and needs {@code token.read-all}.
     */
    @GET
    @Path("tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public TokenListRepresentation list(@QueryParam("status") String status, @QueryParam("owner") String owner,
                                        @QueryParam("search") String search, @QueryParam("first") String first,
                                        @QueryParam("max") String max) {
        caller.requireScope(TokenScopes.READ_ALL);
        return TokenListing.page(session, realm, ownerFilter(TokenOwners.idOf(session, realm, owner)), status, search, first, max);
    }

    /** Creates a token owned by the caller (or, for a calling token, by its owner). The secret is in {@code token}, once. */
    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation create(InputStream body) {
        caller.requireScope(TokenScopes.CREATE);
        Instant now = now();
        TokenRequest request = parse(() -> TokenRequestParser.parseCreate(body, now));
        PolicyRules rules = new PolicyRules(ApiTokenPolicy.of(realm));
        String ownerId = caller.owner().getId();
        rules.requireMayHoldTokens(CallerAuthenticator.isAdmin(realm, caller.owner()));
        rules.requireRoomForOneMore(() -> tokens.count(realm, ApiTokenQuery.ofOwner(ownerId)));
        List<TokenScope> scopes = ScopeGrants.resolve(realm, caller, request.scopes(), request.scopeResources());
        Instant expiresAt = rules.expiry(request.expiresAt(), TokenRequestParser.EXPIRES_AT, now);
        TokenCallerLimits.requireWithin(caller, scopes, request.allowedIps(), expiresAt);
        String name = request.name() != null ? request.name() : "API token " + ApiTokenConverter.format(now);
        NewApiToken spec = new NewApiToken(name, request.description(), expiresAt, request.allowedIps(), scopes);

        CreatedApiToken created = tokens.create(realm, spec, caller.owner(), caller.user());
        ApiTokenRepresentation withoutSecret = ApiTokenConverter.toRepresentation(session, realm, created.token(), now);
        TokenAudit.of(session, caller).record(OperationType.CREATE, withoutSecret, null);
        return ApiTokenConverter.toRepresentation(session, realm, created.token(), now, created.secret());
    }

    /**
     * Deletes every token of the caller (a calling token: of its owner; needs {@code token.delete}); an administrator
     * may name another {@code owner}. Each token goes with its client and API Token User.
     */
    @DELETE
    @Path("tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> deleteAll(@QueryParam("owner") String owner) {
        caller.requireScope(TokenScopes.DELETE);
        String ownerId = owner == null || owner.isBlank() ? caller.owner().getId() : ownerFilter(owner);
        ApiTokenQuery query = ApiTokenQuery.ofOwner(ownerId);
        TokenAudit audit = TokenAudit.of(session, caller);
        Instant now = now();
        long deleted = 0;
        for (List<ApiTokenModel> page; !(page = tokens.search(realm, query, 0, TokenListing.MAX_PAGE).toList()).isEmpty(); ) {
            for (ApiTokenModel token : page) {
                ApiTokenRepresentation gone = ApiTokenConverter.toRepresentation(session, realm, token, now);
                ApiErrors.removeUnlessConflict(() -> tokens.delete(realm, token));
                audit.record(OperationType.DELETE, gone, "delete all");
                deleted++;
            }
        }
        return Map.of("deleted", deleted);
    }

    /** The scopes the caller may grant, for a page to offer. */
    @Path("scopes")
    public GrantableScopesResource scopes() {
        return new GrantableScopesResource(caller);
    }

    /** The realm's policy as it applies to the caller. */
    @Path("policy")
    public CallerPolicyResource policy() {
        return new CallerPolicyResource(session, caller);
    }

    @Path("token/{tokenId}")
    public TokenResource token(@PathParam("tokenId") String tokenId) {
        ApiTokenModel token = tokens.getById(realm, tokenId);
        if (token == null || !caller.mayOversee(token)) {
            throw ApiErrors.notFound();
        }
        return new TokenResource(session, caller, token);
    }

    private String ownerFilter(String owner) {
        if (!caller.admin()) {
            if (owner != null && !owner.equals(caller.owner().getId())) {
                throw ApiErrors.accessDenied("Only administrators may list tokens of other owners");
            }
            return caller.owner().getId();
        }
        return owner == null || owner.isBlank() ? null : owner;
    }

    static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidRequestException e) {
            throw ApiErrors.invalid(e);
        }
    }

    static Instant now() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }
}
