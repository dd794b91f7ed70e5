package dev.kcapitokens.resource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.representation.CallerPolicyRepresentation;
import dev.kcapitokens.representation.PolicyRepresentation;

/**
 * {@code GET api/v1/policy}: the realm's policy as it applies to the caller, and what the caller may do beyond their own
 * tokens. The answers come from the rules the API enforces, so a page never needs rules of its own.
 */
public class CallerPolicyResource {

    private final KeycloakSession session;
    private final Caller caller;

    CallerPolicyResource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CallerPolicyRepresentation get() {
        caller.requireScope(TokenScopes.READ);
        ApiTokenPolicy policy = ApiTokenPolicy.of(caller.realm());
        PolicyRepresentation limits = PolicyRepresentation.of(policy);
        boolean ownerIsAdmin = CallerAuthenticator.isAdmin(caller.realm(), caller.owner());
        Long left = null;
        if (policy.maxTokensPerUser() != null) {
            long held = session.getProvider(ApiTokenProvider.class).count(caller.realm(), ApiTokenQuery.ofOwner(caller.owner().getId()));
            left = Math.max(0, policy.maxTokensPerUser() - held);
        }
        boolean mayCreate = (policy.usersMayCreate() || ownerIsAdmin) && (left == null || left > 0);
        // the very check PUT /admin/realms/{realm}/api-tokens/policy makes of the same bearer token
        boolean mayManagePolicy = !caller.isToken() && AdminPermissions.evaluator(session, caller.realm(),
                new AdminAuth(caller.realm(), caller.jwt(), caller.user(), caller.client())).realm().canManageRealm();
        return new CallerPolicyRepresentation(limits.maxLifetime(), limits.defaultLifetime(), limits.expiryRequired(),
                limits.maxGracePeriod(), limits.maxTokensPerUser(), mayCreate, left, caller.admin(), mayManagePolicy);
    }
}
