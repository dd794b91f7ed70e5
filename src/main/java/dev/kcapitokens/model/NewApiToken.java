package dev.kcapitokens.model;

import java.time.Instant;
import java.util.List;

/**
 * What a caller asks for when creating a token, already validated.
 *
 * @param expiresAt  {@code null} for a token that never expires
 * @param allowedIps normalized entries, empty for any address
 */
public record NewApiToken(String name, String description, Instant expiresAt, List<String> allowedIps,
                          List<ScopeGrant> scopes) {

    public NewApiToken {
        allowedIps = List.copyOf(allowedIps);
        scopes = List.copyOf(scopes);
    }
}
