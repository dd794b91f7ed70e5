package dev.kcapitokens.representation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A syntactically valid create or update request. Scope names are not yet resolved against the realm.
 *
 * @param present        the JSON fields the request contained, so an update can tell "absent" from "null"
 * @param expiresAt      {@code null} when absent or explicitly null
 * @param allowedIps     normalized entries
 * @param scopeResources resource ids per scope name, for scopes restricted to particular resources
 */
public record TokenRequest(Set<String> present, String name, String description, Instant expiresAt,
                           List<String> allowedIps, List<String> scopes, Map<String, List<String>> scopeResources,
                           Integer version) {

    public boolean has(String field) {
        return present.contains(field);
    }

    /** For an update: the description was sent as {@code null} (or empty), asking to remove it. */
    public boolean clearsDescription() {
        return has(TokenRequestParser.DESCRIPTION) && (description == null || description.isEmpty());
    }
}
