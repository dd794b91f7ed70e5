package dev.kcapitokens.resource;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.PolicyRepresentation;
import dev.kcapitokens.representation.TokenListRepresentation;
import dev.kcapitokens.representation.TokenRequestParser;
import dev.kcapitokens.ui.PolicyTab;

/**
 * {@code /admin/realms/{realm}/api-tokens}: the realm's token policy and every token of the realm, for realm
 * administrators (master-realm admins included), under Keycloak's admin permissions: viewing or managing the realm
 * for the policy, viewing or managing users for their tokens. Changes are admin events.
 */
public class ApiTokensAdminResource {

    static final String POLICY_RESOURCE_TYPE = "API_TOKEN_POLICY";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final ApiTokenProvider tokens;

    ApiTokensAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.tokens = session.getProvider(ApiTokenProvider.class);
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    public PolicyRepresentation policy() {
        auth.realm().requireViewRealm();
        return PolicyRepresentation.of(ApiTokenPolicy.of(realm));
    }

    /** Replaces the policy; absent fields take their defaults. */
    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PolicyRepresentation setPolicy(InputStream body) {
        auth.realm().requireManageRealm();
        ApiTokenPolicy policy = ApiV1Resource.parse(() -> TokenRequestParser.parsePolicy(body));
        policy.saveTo(realm);
        PolicyTab.mirror(realm, policy);
        PolicyRepresentation saved = PolicyRepresentation.of(policy);
        adminEvent.operation(OperationType.UPDATE).resource(POLICY_RESOURCE_TYPE).resourcePath("api-tokens", "policy")
                .representation(saved).success();
        return saved;
    }

    @GET
    @Path("tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public TokenListRepresentation list(@QueryParam("owner") String owner, @QueryParam("status") String status,
                                        @QueryParam("search") String search, @QueryParam("first") String first,
                                        @QueryParam("max") String max) {
        auth.users().requireView();
        return TokenListing.page(session, realm, owner == null || owner.isBlank() ? null : owner, status, search, first, max);
    }

    @GET
    @Path("tokens/{tokenId}")
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation read(@PathParam("tokenId") String tokenId) {
        ApiTokenModel token = find(tokenId, false);
        return ApiTokenConverter.toRepresentation(session, realm, token, ApiV1Resource.now());
    }

    /** Revokes the token, or with {@code permanent=true} deletes it with its client and API Token User. */
    @DELETE
    @Path("tokens/{tokenId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeOrDelete(@PathParam("tokenId") String tokenId, @QueryParam("permanent") String permanent) {
        ApiTokenModel token = find(tokenId, true);
        UserModel admin = auth.adminAuth().getUser();
        return TokenRemoval.revokeOrDelete(session, realm, token, permanent, admin, admin.getId().equals(token.getOwnerId()),
                TokenAudit.of(adminEvent));
    }

    /** The token, once the caller may view (or manage) its owner under Keycloak's admin permissions. */
    private ApiTokenModel find(String tokenId, boolean manage) {
        ApiTokenModel token = tokens.getById(realm, tokenId);
        UserModel owner = token == null ? null : session.users().getUserById(realm, token.getOwnerId());
        if (manage && owner != null) {
            auth.users().requireManage(owner);
        } else if (manage) {
            auth.users().requireManage();
        } else if (owner != null) {
            auth.users().requireView(owner);
        } else {
            auth.users().requireView();
        }
        if (token == null) {
            throw ApiErrors.notFound();
        }
        return token;
    }
}
