package dev.kcapitokens.model;

import java.util.List;

/**
 * One scope granted to a token: a realm client scope, optionally narrowed to particular resource ids.
 *
 * @param scopeId   id of the client scope
 * @param resources resource ids the scope is restricted to; empty means the scope applies to every resource
 */
public record TokenScope(String scopeId, List<String> resources) {

    public TokenScope {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public boolean restricted() {
        return !resources.isEmpty();
    }
}
