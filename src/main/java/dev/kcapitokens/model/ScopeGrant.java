package dev.kcapitokens.model;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;

/**
 * One scope granted to a token: a realm client scope, optionally narrowed to particular resource ids.
 *
 * @param scopeId   id of the client scope
 * @param resources resource ids the scope is restricted to; empty means the scope applies to every resource
 */
public record ScopeGrant(String scopeId, List<String> resources) {

    public ScopeGrant {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public boolean restricted() {
        return !resources.isEmpty();
    }

    /** The realm's client scopes behind the grants, skipping any the realm has removed since. */
    public static List<ClientScopeModel> clientScopes(RealmModel realm, Collection<ScopeGrant> grants) {
        return grants.stream().map(grant -> realm.getClientScopeById(grant.scopeId())).filter(Objects::nonNull).toList();
    }

    /** The names of the granted client scopes, in the grants' order. */
    public static List<String> names(RealmModel realm, Collection<ScopeGrant> grants) {
        return clientScopes(realm, grants).stream().map(ClientScopeModel::getName).toList();
    }
}
