package dev.kcapitokens.model;

import java.util.List;

/**
 * Changes to a token's name, description and allowlist; a {@code null} field stays as it is, except
 * {@code description}, which {@link #clearDescription} empties.
 */
public record TokenUpdate(String name, String description, boolean clearDescription, List<String> allowedIps) {
}
