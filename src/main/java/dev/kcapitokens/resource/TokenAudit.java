package dev.kcapitokens.resource;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.kcapitokens.representation.ApiTokenRepresentation;

/**
 * Admin events for every change of a token, stored when the realm stores admin events. The representation passed in
 * must never carry the secret.
 */
final class TokenAudit {

    static final String RESOURCE_TYPE = "API_TOKEN";

    private final AdminEventBuilder events;

    private TokenAudit(AdminEventBuilder events) {
        this.events = events;
    }

    /** For self-service calls: the acting person or API Token User is the event's author. */
    static TokenAudit of(KeycloakSession session, Caller caller) {
        return of(session, caller.realm(), caller.jwt(), caller.user(), caller.client());
    }

    /** For a holder revoking its own token: the token's API Token User and client are the author. */
    static TokenAudit of(KeycloakSession session, RealmModel realm, AccessToken jwt, UserModel user, ClientModel client) {
        AdminAuth auth = new AdminAuth(realm, jwt, user, client);
        return new TokenAudit(new AdminEventBuilder(realm, auth, session, session.getContext().getConnection()));
    }

    /** For the admin API: Keycloak's own admin event builder, author and all. */
    static TokenAudit of(AdminEventBuilder adminEvents) {
        return new TokenAudit(adminEvents);
    }

    void record(OperationType operation, ApiTokenRepresentation token, String detail) {
        if (token.token() != null) {
            throw new IllegalArgumentException("an admin event must not carry a token secret");
        }
        AdminEventBuilder event = events.operation(operation)
                .resource(RESOURCE_TYPE)
                .resourcePath("api-tokens", token.id())
                .representation(token);
        if (detail != null) {
            event.detail("change", detail);
        }
        event.success();
    }
}
