package dev.kcapitokens.representation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A page of tokens; {@code total} counts every token matching the filters. */
public record TokenListRepresentation(
        @JsonProperty("tokens") List<ApiTokenRepresentation> tokens,
        @JsonProperty("total") long total,
        @JsonProperty("first") int first,
        @JsonProperty("max") int max) {
}
