package dev.kcapitokens.resource;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;

import dev.kcapitokens.representation.ErrorRepresentation;
import dev.kcapitokens.representation.FieldError;
import dev.kcapitokens.representation.InvalidRequestException;

/**
 * Error responses. All of them roll the request's transaction back, so a refused request changes nothing. 401 answers
 * "who are you?" and 403 "not allowed", as RFC 6750 words them.
 *
 * <p>The self-service API answers OAuth2-style bodies ({@code error}, {@code error_description}, {@code fields}); the
 * admin API answers in the shape of the rest of {@code /admin}, Keycloak's {@link ErrorResponse}. {@link Style} picks
 * one for what both APIs share.
 */
final class ApiErrors {

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_TOKEN = "invalid_token";
    static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    static final String ACCESS_DENIED = "access_denied";
    static final String NOT_FOUND = "not_found";
    static final String CONFLICT = "conflict";

    /** How an API tree words the errors both trees can give. */
    enum Style {
        SELF_SERVICE {
            @Override
            ErrorResponseException invalid(InvalidRequestException e) {
                return error(Response.Status.BAD_REQUEST, new ErrorRepresentation(INVALID_REQUEST, e.getMessage(), e.getFields()), null);
            }

            @Override
            ErrorResponseException notFound(String description) {
                return error(Response.Status.NOT_FOUND, ErrorRepresentation.of(NOT_FOUND, description), null);
            }

            @Override
            ErrorResponseException conflict(String description) {
                return error(Response.Status.CONFLICT, ErrorRepresentation.of(CONFLICT, description), null);
            }
        },
        ADMIN {
            @Override
            ErrorResponseException invalid(InvalidRequestException e) {
                List<org.keycloak.representations.idm.ErrorRepresentation> fields = e.getFields().stream().map(field -> {
                    org.keycloak.representations.idm.ErrorRepresentation error = new org.keycloak.representations.idm.ErrorRepresentation();
                    error.setField(field.field());
                    error.setErrorMessage(field.field() + " " + field.message());
                    return error;
                }).toList();
                return ErrorResponse.errors(fields, Response.Status.BAD_REQUEST, false);
            }

            @Override
            ErrorResponseException notFound(String description) {
                return ErrorResponse.error(description, Response.Status.NOT_FOUND);
            }

            @Override
            ErrorResponseException conflict(String description) {
                return ErrorResponse.error(description, Response.Status.CONFLICT);
            }
        };

        abstract ErrorResponseException invalid(InvalidRequestException e);

        abstract ErrorResponseException notFound(String description);

        abstract ErrorResponseException conflict(String description);
    }

    private ApiErrors() {
    }

    /** 401: the request carried no bearer token at all (RFC 6750 section 3.1). */
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
        return accessDenied(description, List.of());
    }

    static ErrorResponseException accessDenied(String description, List<FieldError> fields) {
        return error(Response.Status.FORBIDDEN, new ErrorRepresentation(ACCESS_DENIED, description, fields), null);
    }

    /** A 400 of the self-service API naming one field. */
    static ErrorResponseException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** A 400 of the self-service API naming each invalid field. */
    static ErrorResponseException invalid(List<FieldError> fields) {
        return Style.SELF_SERVICE.invalid(new InvalidRequestException(fields));
    }

    private static ErrorResponseException error(Response.Status status, ErrorRepresentation body, String challenge) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return new ErrorResponseException(response.build());
    }
}
