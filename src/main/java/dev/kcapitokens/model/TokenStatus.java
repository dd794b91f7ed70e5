package dev.kcapitokens.model;

import java.util.Locale;
import java.util.Optional;

/** What a token is at a given instant; derived, never stored. */
public enum TokenStatus {
    ACTIVE, REVOKED, EXPIRED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TokenStatus> parse(String value) {
        for (TokenStatus status : values()) {
            if (status.value().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
