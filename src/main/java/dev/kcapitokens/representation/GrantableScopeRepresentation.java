package dev.kcapitokens.representation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A scope the caller may grant a token.
 *
 * @param group     what the scope is about, for grouping on a page: the client scope attribute {@code api-token.group}, else
 *                  the part of the name before its first dot ({@code members} for {@code members.read})
 * @param resources for a calling API token that holds the scope restricted to resource ids: those ids, the most it may
 *                  pass on; absent otherwise
 */
public record GrantableScopeRepresentation(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("group") String group,
        @JsonProperty("resources") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> resources) {

    /** {@code GET api/v1/scopes}: the scopes, by group then name. */
    public record Catalogue(@JsonProperty("scopes") List<GrantableScopeRepresentation> scopes) {
    }
}
