package dev.kcapitokens.representation;

import java.util.List;
import java.util.Map;

/** Scopes to add, with optional resource restrictions per scope. */
public record ScopesRequest(List<String> scopes, Map<String, List<String>> scopeResources) {
}
