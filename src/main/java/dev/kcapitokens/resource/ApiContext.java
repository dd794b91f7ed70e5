package dev.kcapitokens.resource;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;

import dev.kcapitokens.model.ApiTokenConflictException;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;
import dev.kcapitokens.representation.InvalidRequestException;

/**
 * What the resources of one request share: the realm, the token store, the clock, how request bodies and query
 * parameters are read, and how that API words its errors.
 */
final class ApiContext {

    /** Keycloak's clock, which follows its time offset. */
    static final Clock KEYCLOAK_CLOCK = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(Time.currentTimeMillis());
        }
    };

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;
    private final ApiErrors.Style errors;

    ApiContext(KeycloakSession session, RealmModel realm, Clock clock, ApiErrors.Style errors) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
        this.errors = errors;
    }

    static ApiContext selfService(KeycloakSession session, RealmModel realm) {
        return new ApiContext(session, realm, KEYCLOAK_CLOCK, ApiErrors.Style.SELF_SERVICE);
    }

    static ApiContext admin(KeycloakSession session, RealmModel realm) {
        return new ApiContext(session, realm, KEYCLOAK_CLOCK, ApiErrors.Style.ADMIN);
    }

    KeycloakSession session() {
        return session;
    }

    RealmModel realm() {
        return realm;
    }

    ApiTokenProvider tokens() {
        return session.getProvider(ApiTokenProvider.class);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * A JSON request body; one sent without a {@code Content-Type} is a 415, as one of another type is: JAX-RS's
     * {@code @Consumes} lets a request without the header through, and a body of no declared type is not ours to guess.
     */
    InputStream json(InputStream body) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean hasBody = headers.getHeaderString("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
        if (hasBody && headers.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            throw new NotSupportedException("The body must be sent as application/json");
        }
        return body;
    }

    /** Runs a request parser or a validation; an invalid request becomes a 400 naming its fields. */
    <T> T validate(Supplier<T> validation) {
        try {
            return validation.get();
        } catch (InvalidRequestException e) {
            throw errors.invalid(e);
        }
    }

    void validate(Runnable validation) {
        validate(() -> {
            validation.run();
            return null;
        });
    }

    /** Runs a change of a token; a stale version or a concurrent change of the same token becomes a 409. */
    <T> T unlessConflict(Supplier<T> change) {
        try {
            return change.get();
        } catch (ApiTokenConflictException e) {
            throw errors.conflict(e.getMessage() + "; read the token again and retry");
        }
    }

    /** A bulk change that kept meeting concurrent changes after {@code done} items had gone. */
    ErrorResponseException conflictAfter(long done, ApiTokenConflictException e) {
        return errors.conflict(e.getMessage() + " after " + done + " tokens were deleted; retry to delete the rest");
    }

    /** Removes something; a concurrent change of the same token becomes a 409. */
    void removeUnlessConflict(Runnable removal) {
        unlessConflict(() -> {
            removal.run();
            return null;
        });
    }

    ErrorResponseException invalid(String field, String message) {
        return errors.invalid(new InvalidRequestException(field, message));
    }

    ErrorResponseException notFound(String description) {
        return errors.notFound(description);
    }

    ErrorResponseException tokenNotFound() {
        return notFound("Token not found");
    }

    /** An integer query parameter within bounds; absent or blank gives {@code fallback}. */
    Integer intParam(String name, String value, Integer fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(name, "must be an integer from " + min + " to " + max);
    }

    /** The optional {@code version} query parameter of a change: the version the caller read. */
    Integer versionParam(String value) {
        return intParam("version", value, null, 0, Integer.MAX_VALUE);
    }

    /** {@code true}, {@code false} or absent ({@code false}). */
    boolean booleanParam(String name, String value) {
        if (value == null || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        throw invalid(name, "must be true or false");
    }

    ApiTokenRepresentation show(ApiTokenModel token) {
        return ApiTokenConverter.toRepresentation(session, realm, token, now());
    }

    /** With the secret in clear: for the creation or regeneration response only. */
    ApiTokenRepresentation showWithSecret(ApiTokenModel token, String secret) {
        return ApiTokenConverter.toRepresentation(session, realm, token, now(), secret);
    }
}
