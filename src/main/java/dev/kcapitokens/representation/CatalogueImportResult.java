package dev.kcapitokens.representation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a catalogue import, in the shape of Keycloak's partial import results: how many resources were
 * added, skipped and overwritten, and what happened to each.
 */
public record CatalogueImportResult(@JsonProperty("added") int added, @JsonProperty("skipped") int skipped,
                                    @JsonProperty("overwritten") int overwritten, @JsonProperty("results") List<Entry> results) {

    /** @param resourceType {@code CLIENT_SCOPE} or {@code REALM_ROLE}; @param action {@code ADDED}, {@code SKIPPED} or {@code OVERWRITTEN} */
    public record Entry(@JsonProperty("action") String action, @JsonProperty("resourceType") String resourceType,
                        @JsonProperty("resourceName") String resourceName, @JsonProperty("id") String id) {
    }

    public static CatalogueImportResult of(List<Entry> results) {
        return new CatalogueImportResult(count(results, "ADDED"), count(results, "SKIPPED"), count(results, "OVERWRITTEN"), List.copyOf(results));
    }

    private static int count(List<Entry> results, String action) {
        return (int) results.stream().filter(entry -> entry.action().equals(action)).count();
    }
}
