package dev.kcapitokens.resource;

import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.ClientScopeModel;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.representation.GrantableScopeRepresentation;

/**
 * {@code GET api/v1/scopes}: what the caller may grant a token, by the same rules creation applies ({@link ScopeGrantResolver},
 * {@link TokenCallerLimits}): grantable client scopes whose roles the owner holds, and for a calling token only the
 * scopes it holds itself.
 */
public class GrantableScopesResource {

    /** Client scope attribute naming a scope's group on the page; without it the group is the name up to its first dot. */
    static final String GROUP_ATTRIBUTE = "api-token.group";

    private final Caller caller;

    GrantableScopesResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public GrantableScopeRepresentation.Catalogue list() {
        caller.requireScope(ManagementScopes.CREATE);
        List<GrantableScopeRepresentation> scopes = caller.realm().getClientScopesStream()
                .filter(ApiTokenNames::isGrantable)
                .filter(scope -> ScopeGrantResolver.ownerMayUse(caller.owner(), scope))
                .map(this::toRepresentation)
                .filter(scope -> scope != null)
                .sorted(Comparator.comparing(GrantableScopeRepresentation::group).thenComparing(GrantableScopeRepresentation::name))
                .toList();
        return new GrantableScopeRepresentation.Catalogue(scopes);
    }

    /** {@code null} when a calling token does not hold the scope. */
    private GrantableScopeRepresentation toRepresentation(ClientScopeModel scope) {
        List<String> resources = null;
        if (caller.isToken()) {
            ScopeGrant held = caller.token().getScopes().stream()
                    .filter(grant -> grant.scopeId().equals(scope.getId())).findFirst().orElse(null);
            if (held == null) {
                return null;
            }
            resources = held.restricted() ? held.resources() : null;
        }
        return new GrantableScopeRepresentation(scope.getName(), scope.getDescription(), group(scope), resources);
    }

    static String group(ClientScopeModel scope) {
        String group = scope.getAttribute(GROUP_ATTRIBUTE);
        if (group != null && !group.isBlank()) {
            return group;
        }
        int dot = scope.getName().indexOf('.');
        return dot > 0 ? scope.getName().substring(0, dot) : scope.getName();
    }
}
