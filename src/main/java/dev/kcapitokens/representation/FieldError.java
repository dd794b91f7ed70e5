package dev.kcapitokens.representation;

/**
 * One invalid field of a request.
 *
 * @param field   JSON path of the field, e.g. {@code allowed_ips[2]}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
