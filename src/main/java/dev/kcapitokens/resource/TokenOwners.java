package dev.kcapitokens.resource;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The {@code owner} list parameter names a person by user id or by username. */
final class TokenOwners {

    private TokenOwners() {
    }

    /** The user id for an id or a username; anything else unchanged (it then matches no token). */
    static String idOf(KeycloakSession session, RealmModel realm, String owner) {
        if (owner == null || owner.isBlank()) {
            return owner;
        }
        String value = owner.trim();
        if (session.users().getUserById(realm, value) != null) {
            return value;
        }
        UserModel byName = session.users().getUserByUsername(realm, value);
        return byName != null ? byName.getId() : value;
    }
}
