package dev.kcapitokens.resource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.representation.TokenListRepresentation;

/** {@code /admin/realms/{realm}/api-tokens/tokens}: every token of the realm; the locator checked view-users. */
public class AdminTokensResource {

    private final ApiContext context;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AdminTokensResource(ApiContext context, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.context = context;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TokenListRepresentation list(@QueryParam("owner") String owner, @QueryParam("status") String status,
                                        @QueryParam("search") String search, @QueryParam("first") String first,
                                        @QueryParam("max") String max) {
        return TokenListing.page(context, owner == null || owner.isBlank() ? null : owner, status, search, first, max);
    }

    /** The token, once the caller may view its owner under Keycloak's admin permissions (403 before 404). */
    @Path("{tokenId}")
    public AdminTokenResource token(@PathParam("tokenId") String tokenId) {
        ApiTokenModel token = context.tokens().getById(context.realm(), tokenId);
        TokenPermissions permissions = TokenPermissions.of(context.session(), context.realm(), auth);
        if (token != null && !permissions.mayView(token)) {
            throw new jakarta.ws.rs.ForbiddenException();
        }
        if (token == null) {
            throw context.tokenNotFound();
        }
        return new AdminTokenResource(context, auth, adminEvent, permissions, token);
    }
}
