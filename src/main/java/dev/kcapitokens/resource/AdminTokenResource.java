package dev.kcapitokens.resource;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.TokenEdit;
import dev.kcapitokens.representation.ApiTokenRepresentation;

/** {@code /admin/realms/{realm}/api-tokens/tokens/{tokenId}}: one token whose owner the caller may view. */
public class AdminTokenResource {

    private final ApiContext context;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final TokenPermissions permissions;
    private final ApiTokenModel token;

    AdminTokenResource(ApiContext context, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent, TokenPermissions permissions,
                       ApiTokenModel token) {
        this.context = context;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.permissions = permissions;
        this.token = token;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenRepresentation read() {
        return context.show(token);
    }

    /** Revokes the token, or with {@code permanent=true} deletes it with its client and API Token User; manage-users. */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeOrDelete(@QueryParam("permanent") String permanent, @QueryParam("version") String version) {
        if (!permissions.mayManage(token)) {
            throw new ForbiddenException();
        }
        UserModel admin = auth.adminAuth().getUser();
        TokenEdit edit = new TokenEdit(admin, context.versionParam(version));
        return TokenRemoval.revokeOrDelete(context, token, permanent, edit, admin.getId().equals(token.getOwnerId()),
                TokenAudit.of(adminEvent));
    }
}
