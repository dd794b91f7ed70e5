package dev.kcapitokens.resource;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.TokenEdit;
import dev.kcapitokens.representation.ApiTokenRepresentation;

/** The reference's DELETE, shared by both APIs: revoke, or with {@code permanent=true} delete. */
final class TokenRemoval {

    private TokenRemoval() {
    }

    /**
     * @param permanent the {@code permanent} query parameter
     * @param edit      who removes it, and the version read ({@code version} query parameter), if any
     * @param byOwner   the caller acts for the token's owner; otherwise it is an administrator, whose revocation is final
     * @param audit     created before anything is removed, since a token may delete itself and its API Token User
     * @return 200 with the revoked token, or 204 after a deletion
     */
    static Response revokeOrDelete(ApiContext context, ApiTokenModel token, String permanent, TokenEdit edit, boolean byOwner,
                                   TokenAudit audit) {
        if (context.booleanParam("permanent", permanent)) {
            ApiTokenRepresentation gone = context.show(token);
            context.removeUnlessConflict(() -> {
                edit.requireVersion(token.getVersion());
                context.tokens().delete(context.realm(), token);
            });
            audit.record(OperationType.DELETE, gone, null);
            return Response.noContent().build();
        }
        int versionBefore = token.getVersion();
        ApiTokenModel revoked = context.unlessConflict(() -> context.tokens().revoke(context.realm(), token, edit, byOwner));
        ApiTokenRepresentation shown = context.show(revoked);
        if (revoked.getVersion() != versionBefore) {
            audit.record(OperationType.ACTION, shown, "revoke");
        }
        return Response.ok(shown).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
