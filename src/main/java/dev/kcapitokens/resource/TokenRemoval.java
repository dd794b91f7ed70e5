package dev.kcapitokens.resource;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;

/** The reference's DELETE, shared by both APIs: revoke, or with {@code permanent=true} delete. */
final class TokenRemoval {

    private TokenRemoval() {
    }

    /**
     * @param byOwner the caller acts for the token's owner; otherwise it is an administrator, whose revocation is final
     * @param audit created before anything is removed, since a token may delete itself and its API Token User
     * @return 200 with the revoked token, or 204 after a deletion
     */
    static Response revokeOrDelete(KeycloakSession session, RealmModel realm, ApiTokenModel token, String permanent,
                                   UserModel actor, boolean byOwner, TokenAudit audit) {
        if (permanent != null && !"true".equals(permanent) && !"false".equals(permanent)) {
            throw ApiErrors.invalid("permanent", "must be true or false");
        }
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        if ("true".equals(permanent)) {
            ApiTokenRepresentation gone = ApiTokenConverter.toRepresentation(session, realm, token, ApiV1Resource.now());
            ApiErrors.removeUnlessConflict(() -> tokens.delete(realm, token));
            audit.record(OperationType.DELETE, gone, null);
            return Response.noContent().build();
        }
        int versionBefore = token.getVersion();
        ApiTokenModel revoked = ApiErrors.unlessConflict(() -> tokens.revoke(realm, token, actor, byOwner));
        ApiTokenRepresentation shown = ApiTokenConverter.toRepresentation(session, realm, revoked, ApiV1Resource.now());
        if (revoked.getVersion() != versionBefore) {
            audit.record(OperationType.ACTION, shown, "revoke");
        }
        return Response.ok(shown).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
