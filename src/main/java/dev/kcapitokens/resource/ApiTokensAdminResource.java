package dev.kcapitokens.resource;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.representation.PolicyRepresentation;
import dev.kcapitokens.representation.TokenRequestParser;
import dev.kcapitokens.ui.PolicyTab;

/**
 * {@code /admin/realms/{realm}/api-tokens}: the realm's token policy and, below {@code tokens}, every token of the
 * realm, for realm administrators (master-realm admins included), under Keycloak's admin permissions: viewing or
 * managing the realm for the policy, viewing or managing a token's owner for the token. Changes are admin events;
 * errors have the shape of the rest of {@code /admin}.
 */
public class ApiTokensAdminResource {

    static final String POLICY_RESOURCE_TYPE = "API_TOKEN_POLICY";

    private final ApiContext context;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ApiTokensAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.context = ApiContext.admin(session, realm);
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
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
        ApiTokenPolicy policy = context.validate(() -> TokenRequestParser.parsePolicy(context.json(body)));
        policy.saveTo(realm);
        PolicyTab.mirror(realm, policy);
        PolicyRepresentation saved = PolicyRepresentation.of(policy);
        adminEvent.operation(OperationType.UPDATE).resource(POLICY_RESOURCE_TYPE).resourcePath("api-tokens", "policy")
                .representation(saved).success();
        return saved;
    }

    /** Imports a scope catalogue (client scopes, their roles and role scope mappings); see {@link CatalogueResource}. */
    @Path("catalogue")
    public CatalogueResource catalogue() {
        return new CatalogueResource(context.session(), realm, auth, adminEvent);
    }

    @Path("tokens")
    public AdminTokensResource tokens() {
        auth.users().requireView();
        return new AdminTokensResource(context, auth, adminEvent);
    }

    /** The scheduled tasks (expiry notices, housekeeping), to run now; they act on the policy, hence manage-realm. */
    @Path("tasks")
    public AdminTasksResource tasks() {
        auth.realm().requireManageRealm();
        return new AdminTasksResource(context, adminEvent);
    }
}
