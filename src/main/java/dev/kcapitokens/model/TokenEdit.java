package dev.kcapitokens.model;

import org.keycloak.models.UserModel;

/**
 * Who changes a token, and the version of the token the change is based on.
 *
 * @param actor           the person or API Token User making the change, or {@code null} for a change Keycloak's own
 *                        removals make (who changed the token last stays as it was)
 * @param expectedVersion the {@code version} the caller read, or {@code null} to change whatever is current
 */
public record TokenEdit(UserModel actor, Integer expectedVersion) {

    /** A change that follows a removal in Keycloak, such as a deleted client scope. */
    public static final TokenEdit BY_KEYCLOAK = new TokenEdit(null, null);

    public static TokenEdit by(UserModel actor) {
        return new TokenEdit(actor, null);
    }

    /** @throws ApiTokenConflictException when the caller based the change on another version */
    public void requireVersion(int current) {
        if (expectedVersion != null && expectedVersion != current) {
            throw new ApiTokenConflictException("The token is at version " + current + ", not " + expectedVersion);
        }
    }

    @Override
    public String toString() {
        return "TokenEdit[actor=" + (actor == null ? null : actor.getId()) + ", expectedVersion=" + expectedVersion + "]";
    }
}
