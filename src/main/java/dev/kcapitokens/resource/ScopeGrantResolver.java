package dev.kcapitokens.resource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.representation.FieldError;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * Turns requested scope names into grants, refusing escalation: a token never gets a scope its creator could not use.
 *
 * <ul>
 *   <li>The scope must be a client scope of the realm marked grantable (else 400).</li>
 *   <li>A scope locked to the realm takes no resource ids (else 400): the realm is its resource.</li>
 *   <li>A client scope with role scope mappings needs the owner to hold one of those roles (else 403).</li>
 * </ul>
 * A calling API token is further held to its own scopes by {@link TokenCallerLimits}.
 */
final class ScopeGrantResolver {

    private ScopeGrantResolver() {
    }

    static List<ScopeGrant> resolve(RealmModel realm, Caller caller, List<String> names, Map<String, List<String>> resources) {
        Map<String, ClientScopeModel> byName = realm.getClientScopesStream()
                .collect(Collectors.toMap(ClientScopeModel::getName, Function.identity(), (a, b) -> a));
        List<FieldError> invalid = new ArrayList<>();
        List<FieldError> denied = new ArrayList<>();
        List<ScopeGrant> grants = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = TokenRequestParser.ALLOWED_SCOPES + "[" + i + "]";
            ClientScopeModel scope = byName.get(name);
            List<String> restriction = resources.getOrDefault(name, List.of());
            if (scope == null || !ApiTokenNames.isGrantable(scope)) {
                invalid.add(new FieldError(field, "'" + name + "' is not a grantable scope of this realm"));
            } else if (ApiTokenNames.isLockedToRealm(scope) && !restriction.isEmpty()) {
                invalid.add(new FieldError(TokenRequestParser.SCOPE_RESOURCES + "." + name,
                        "'" + name + "' is locked to this realm and takes no resource ids"));
            } else if (!ownerMayUse(caller.owner(), scope)) {
                denied.add(new FieldError(field, "'" + name + "' needs a role the token owner does not hold"));
            } else {
                grants.add(new ScopeGrant(scope.getId(), restriction));
            }
        }
        Set<String> requested = new HashSet<>(names);
        for (String name : resources.keySet()) {
            if (!requested.contains(name)) {
                invalid.add(new FieldError(TokenRequestParser.SCOPE_RESOURCES + "." + name, "names a scope that is not requested"));
            }
        }
        if (!invalid.isEmpty()) {
            throw ApiErrors.invalid(invalid);
        }
        if (!denied.isEmpty()) {
            throw ApiErrors.accessDenied("A token cannot get scopes its creator could not use", denied);
        }
        return grants;
    }

    /** No role scope mappings: anyone may use it. Otherwise at least one of the mapped roles. */
    static boolean ownerMayUse(UserModel owner, ClientScopeModel scope) {
        List<RoleModel> required = scope.getScopeMappingsStream().toList();
        return required.isEmpty() || required.stream().anyMatch(owner::hasRole);
    }
}
