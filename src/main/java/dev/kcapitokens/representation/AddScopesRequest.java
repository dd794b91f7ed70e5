package dev.kcapitokens.representation;

import java.util.List;
import java.util.Map;

/** Scopes to add, with optional resource restrictions per scope, and optionally the {@code version} the caller read. */
public record AddScopesRequest(List<String> scopes, Map<String, List<String>> scopeResources, Integer version) {
}
