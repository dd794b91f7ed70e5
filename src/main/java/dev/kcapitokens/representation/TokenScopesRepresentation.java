package dev.kcapitokens.representation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A token's scopes: their names, and the resource ids of those restricted to particular resources. */
public record TokenScopesRepresentation(
        @JsonProperty("allowed_scopes") List<String> allowedScopes,
        @JsonProperty("scope_resources") Map<String, List<String>> scopeResources) {

    public static TokenScopesRepresentation of(ApiTokenRepresentation token) {
        return new TokenScopesRepresentation(token.allowedScopes(), token.scopeResources());
    }
}
