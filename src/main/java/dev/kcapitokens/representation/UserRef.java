package dev.kcapitokens.representation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who created or changed a token; {@code username} is {@code null} once the user is gone. */
public record UserRef(@JsonProperty("id") String id, @JsonProperty("username") String username) {
}
