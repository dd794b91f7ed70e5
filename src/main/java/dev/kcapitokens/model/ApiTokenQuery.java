package dev.kcapitokens.model;

/**
 * Filters for listing tokens; every field is optional.
 *
 * @param ownerId only tokens of this owner
 * @param status  only tokens in this status
 * @param search  case-insensitive substring of the name
 */
public record ApiTokenQuery(String ownerId, TokenStatus status, String search) {

    public static ApiTokenQuery ofOwner(String ownerId) {
        return new ApiTokenQuery(ownerId, null, null);
    }
}
