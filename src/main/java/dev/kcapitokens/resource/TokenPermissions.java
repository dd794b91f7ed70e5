package dev.kcapitokens.resource;

import java.util.function.Supplier;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import dev.kcapitokens.model.ApiTokenModel;

/**
 * Who may see and manage other people's tokens: one rule for both APIs, Keycloak's admin permissions over the
 * token's owner. Viewing a token needs view-users over its owner, revoking or deleting it manage-users, in the realm's
 * realm-management roles or, where the realm enables them, its fine-grained admin permissions. Owners need none of
 * this for their own tokens.
 */
final class TokenPermissions {

    private static final TokenPermissions NONE = new TokenPermissions(null, null, null);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Supplier<AdminPermissionEvaluator> evaluator;
    private AdminPermissionEvaluator evaluated;

    private TokenPermissions(KeycloakSession session, RealmModel realm, Supplier<AdminPermissionEvaluator> evaluator) {
        this.session = session;
        this.realm = realm;
        this.evaluator = evaluator;
    }

    /** For a caller holding no admin permissions at all: an API token, which acts only for its owner. */
    static TokenPermissions none() {
        return NONE;
    }

    /** For a person's bearer JWT, evaluated as the admin API evaluates it (the JWT's roles), when first needed. */
    static TokenPermissions of(KeycloakSession session, RealmModel realm, AccessToken jwt, UserModel user, ClientModel client) {
        return new TokenPermissions(session, realm,
                () -> AdminPermissions.evaluator(session, realm, new AdminAuth(realm, jwt, user, client)));
    }

    /** For the admin API, which has its evaluator already. */
    static TokenPermissions of(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator evaluator) {
        return new TokenPermissions(session, realm, () -> evaluator);
    }

    /** May list every token of the realm. */
    boolean mayViewAll() {
        return evaluator != null && users().canView();
    }

    /** A token administrator in the sense of the realm policy's {@code users_may_create}: may manage the realm's users. */
    boolean mayManageAll() {
        return evaluator != null && users().canManage();
    }

    /** May change the realm's policy: manage-realm, as {@code PUT /admin/realms/{realm}/api-tokens/policy} requires. */
    boolean mayManageRealm() {
        return evaluator != null && evaluator().realm().canManageRealm();
    }

    boolean mayView(ApiTokenModel token) {
        return mayViewOwner(token.getOwnerId());
    }

    boolean mayManage(ApiTokenModel token) {
        return mayManageOwner(token.getOwnerId());
    }

    boolean mayViewOwner(String ownerId) {
        if (evaluator == null) {
            return false;
        }
        UserModel owner = session.users().getUserById(realm, ownerId);
        return owner == null ? users().canView() : users().canView(owner);
    }

    boolean mayManageOwner(String ownerId) {
        if (evaluator == null) {
            return false;
        }
        UserModel owner = session.users().getUserById(realm, ownerId);
        return owner == null ? users().canManage() : users().canManage(owner);
    }

    private org.keycloak.services.resources.admin.fgap.UserPermissionEvaluator users() {
        return evaluator().users();
    }

    private AdminPermissionEvaluator evaluator() {
        if (evaluated == null) {
            evaluated = evaluator.get();
        }
        return evaluated;
    }
}
