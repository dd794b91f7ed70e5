package dev.kcapitokens.representation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to a bulk deletion: how many tokens went. */
public record DeletedRepresentation(@JsonProperty("deleted") long deleted) {
}
