package dev.kcapitokens.resource;

import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;

import dev.kcapitokens.model.ApiTokenConflictException;
import dev.kcapitokens.representation.ErrorRepresentation;
import dev.kcapitokens.representation.FieldError;
import dev.kcapitokens.representation.InvalidRequestException;

/**
 * Error responses of the token API. All of them roll the request's transaction back, so a refused request changes
 * nothing. 401 answers "who are you?" and 403 "not allowed", as RFC 6750 words them.
 */
final class ApiErrors {

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_TOKEN = "invalid_token";
    static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    static final String ACCESS_DENIED = "access_denied";
    static final String NOT_FOUND = "not_found";
    static final String CONFLICT = "conflict";

    private ApiErrors() {
    }

    /** 401 without an error code: the request carried no bearer token at all (RFC 6750 section 3.1). */
    static ErrorResponseException missingToken(RealmModel realm) {
        return error(Response.Status.UNAUTHORIZED, ErrorRepresentation.of(INVALID_TOKEN, "A bearer token is required"),
                "Bearer realm=\"" + realm.getName() + "\"");
    }

    static ErrorResponseException invalidToken(RealmModel realm, String description) {
        return error(Response.Status.UNAUTHORIZED, ErrorRepresentation.of(INVALID_TOKEN, description),
                "Bearer realm=\"" + realm.getName() + "\", error=\"invalid_token\", error_description=\"" + description + "\"");
    }

    static ErrorResponseException insufficientScope(RealmModel realm, String scope) {
        return error(Response.Status.FORBIDDEN, ErrorRepresentation.of(INSUFFICIENT_SCOPE, "The token needs the scope " + scope),
                "Bearer realm=\"" + realm.getName() + "\", error=\"insufficient_scope\", scope=\"" + scope + "\"");
    }

    static ErrorResponseException accessDenied(String description) {
        return error(Response.Status.FORBIDDEN, ErrorRepresentation.of(ACCESS_DENIED, description), null);
    }

    static ErrorResponseException accessDenied(String description, List<FieldError> fields) {
        return error(Response.Status.FORBIDDEN, new ErrorRepresentation(ACCESS_DENIED, description, fields), null);
    }

    static ErrorResponseException notFound() {
        return notFound("Token not found");
    }

    static ErrorResponseException notFound(String description) {
        return error(Response.Status.NOT_FOUND, ErrorRepresentation.of(NOT_FOUND, description), null);
    }

    static ErrorResponseException conflict(String description) {
        return error(Response.Status.CONFLICT, ErrorRepresentation.of(CONFLICT, description), null);
    }

    /** Runs a change of a token; a concurrent change of the same token becomes a 409. */
    static <T> T unlessConflict(Supplier<T> change) {
        try {
            return change.get();
        } catch (ApiTokenConflictException e) {
            throw conflict(e.getMessage() + "; read the token again and retry");
        }
    }

    /** Removes a token; a concurrent change of the same token becomes a 409. */
    static void removeUnlessConflict(Runnable removal) {
        unlessConflict(() -> {
            removal.run();
            return null;
        });
    }

    static ErrorResponseException invalid(InvalidRequestException e) {
        return error(Response.Status.BAD_REQUEST, new ErrorRepresentation(INVALID_REQUEST, e.getMessage(), e.getFields()), null);
    }

    static ErrorResponseException invalid(String field, String message) {
        return invalid(new InvalidRequestException(field, message));
    }

    private static ErrorResponseException error(Response.Status status, ErrorRepresentation body, String challenge) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return new ErrorResponseException(response.build());
    }
}
