package dev.kcapitokens.representation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every error body of the API: an OAuth2-style code and description, plus each invalid field for validation errors.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorRepresentation(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String description,
        @JsonProperty("fields") List<FieldError> fields) {

    public static ErrorRepresentation of(String error, String description) {
        return new ErrorRepresentation(error, description, List.of());
    }
}
