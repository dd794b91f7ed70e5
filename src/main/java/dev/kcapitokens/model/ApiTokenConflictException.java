package dev.kcapitokens.model;

import org.keycloak.models.ModelException;

/** The token changed since the caller read it (optimistic locking). */
public class ApiTokenConflictException extends ModelException {

    public ApiTokenConflictException(String message) {
        super(message);
    }
}
