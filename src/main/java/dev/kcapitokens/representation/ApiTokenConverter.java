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
import dev.kcapitokens.model.ScopeGrant;
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
        for (ScopeGrant scope : token.getScopes()) {
            ClientScopeModel clientScope = realm.getClientScopeById(scope.scopeId());
            if (clientScope == null) {
                continue; // the realm removed the client scope; the client no longer carries it either
            }
            scopeNames.add(clientScope.getName());
            if (scope.restricted()) {
                scopeResources.put(clientScope.getName(), scope.resources());
            }
        }
        return new ApiTokenRepresentation()
                .id(token.getId())
                .name(token.getName())
                .description(token.getDescription())
                .status(token.getStatus(now).value())
                .ownerId(token.getOwnerId())
                .owner(userRef(session, realm, token.getOwnerId()))
                .userId(token.getUserId())
                .clientId(token.getClientId())
                .version(token.getVersion())
                .createdAt(format(token.getCreatedAt()))
                .createdBy(userRef(session, realm, token.getCreatedBy()))
                .updatedAt(format(token.getUpdatedAt()))
                .updatedBy(userRef(session, realm, token.getUpdatedBy()))
                .expiresAt(format(token.getExpiresAt()))
                .revokedAt(format(token.getRevokedAt()))
                .allowedIps(token.getAllowedIps())
                .allowedScopes(scopeNames)
                .scopeResources(scopeResources)
                .maskedToken(TokenSecrets.mask(token.getSecretHint()))
                .previousTokenValidUntil(format(token.getPreviousSecretValidUntil()))
                .lastUsedAt(format(token.getLastUsedAt()))
                .lastUsedIp(token.getLastUsedIp())
                .token(secret);
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
