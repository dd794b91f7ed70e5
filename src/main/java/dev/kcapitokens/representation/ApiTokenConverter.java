package dev.kcapitokens.representation;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.TokenScope;
import dev.kcapitokens.model.TokenSecrets;

/** The one place that turns a token model into its representation. */
public final class ApiTokenConverter {

    private ApiTokenConverter() {
    }

    public static ApiTokenRepresentation toRepresentation(KeycloakSession session, RealmModel realm, ApiTokenModel token, Instant now) {
        return toRepresentation(session, realm, token, now, null);
    }

    /** @param secret the secret in clear, only right after creation or regeneration */
    public static ApiTokenRepresentation toRepresentation(KeycloakSession session, RealmModel realm, ApiTokenModel token, Instant now,
                                                          String secret) {
        List<String> scopeNames = new ArrayList<>();
        Map<String, List<String>> scopeResources = new LinkedHashMap<>();
        for (TokenScope scope : token.getScopes()) {
            ClientScopeModel clientScope = realm.getClientScopeById(scope.scopeId());
            if (clientScope == null) {
                continue; // the realm removed the client scope; the client no longer carries it either
            }
            scopeNames.add(clientScope.getName());
            if (scope.restricted()) {
                scopeResources.put(clientScope.getName(), scope.resources());
            }
        }
        return new ApiTokenRepresentation(
                token.getId(),
                token.getName(),
                token.getDescription(),
                token.getStatus(now).value(),
                token.getOwnerId(),
                userRef(session, realm, token.getOwnerId()),
                token.getUserId(),
                token.getClientId(),
                token.getVersion(),
                format(token.getCreatedAt()),
                userRef(session, realm, token.getCreatedBy()),
                format(token.getUpdatedAt()),
                userRef(session, realm, token.getUpdatedBy()),
                format(token.getExpiresAt()),
                format(token.getRevokedAt()),
                token.getAllowedIps(),
                scopeNames,
                scopeResources,
                TokenSecrets.mask(token.getSecretHint()),
                format(token.getPreviousSecretValidUntil()),
                format(token.getLastUsedAt()),
                token.getLastUsedIp(),
                secret);
    }

    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static UserRef userRef(KeycloakSession session, RealmModel realm, String userId) {
        if (userId == null) {
            return null;
        }
        UserModel user = session.users().getUserById(realm, userId);
        return new UserRef(userId, user == null ? null : user.getUsername());
    }
}
