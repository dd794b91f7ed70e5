package dev.kcapitokens.resource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;


import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.representation.CallerPolicyRepresentation;
import dev.kcapitokens.representation.PolicyRepresentation;

/**
 * {@code GET api/v1/policy}: the realm's policy as it applies to the caller, and what the caller may do beyond their own
 * tokens. The answers come from the rules the API enforces, so a page never needs rules of its own.
 */
public class CallerPolicyResource {

    private final ApiContext context;
    private final Caller caller;

    CallerPolicyResource(ApiContext context, Caller caller) {
        this.context = context;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CallerPolicyRepresentation get() {
        caller.requireScope(ManagementScopes.READ);
        ApiTokenPolicy policy = ApiTokenPolicy.of(caller.realm());
        PolicyRepresentation limits = PolicyRepresentation.of(policy);
        TokenPermissions permissions = caller.permissions();
        Long left = null;
        if (policy.maxTokensPerUser() != null) {
            long held = context.tokens().count(caller.realm(), ApiTokenQuery.ofOwner(caller.owner().getId()));
            left = Math.max(0, policy.maxTokensPerUser() - held);
        }
        // the very rules creation applies (PolicyRules) and the admin API checks (PUT policy: manage-realm)
        boolean mayCreate = (policy.usersMayCreate() || permissions.mayManageAll()) && (left == null || left > 0);
        return new CallerPolicyRepresentation(limits.maxLifetime(), limits.defaultLifetime(), limits.expiryRequired(),
                limits.maxGracePeriod(), limits.maxTokensPerUser(), mayCreate, left, permissions.mayViewAll(),
                permissions.mayManageRealm());
    }
}
