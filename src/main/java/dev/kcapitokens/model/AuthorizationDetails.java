package dev.kcapitokens.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;

/**
 * A token's resource-restricted scopes as RFC 9396 {@code authorization_details}: one object per resource, with
 * {@code type} = the scope, {@code actions} = the scope's operation (the part after its last dot) and
 * {@code identifier} = the resource id. A scope locked to the realm ({@link ApiTokenNames#isLockedToRealm}) always has
 * one, the realm's name. Other scopes without resource ids stay plain scopes and appear nowhere here.
 */
public final class AuthorizationDetails {

    public static final String CLAIM = "authorization_details";

    private AuthorizationDetails() {
    }

    public static List<Map<String, Object>> of(RealmModel realm, ApiTokenModel token) {
        List<Map<String, Object>> details = new ArrayList<>();
        for (ScopeGrant scope : token.getScopes()) {
            ClientScopeModel clientScope = realm.getClientScopeById(scope.scopeId());
            if (clientScope == null) {
                continue;
            }
            List<String> resources = ApiTokenNames.isLockedToRealm(clientScope) ? List.of(realm.getName()) : scope.resources();
            String name = clientScope.getName();
            String action = name.substring(name.lastIndexOf('.') + 1);
            for (String resource : resources) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("type", name);
                detail.put("actions", List.of(action));
                detail.put("identifier", resource);
                details.add(detail);
            }
        }
        return details;
    }
}
