package dev.kcapitokens.representation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.model.IpAllowlist;

/**
 * Typed, strict access to the fields of one JSON request object. Every problem is collected with its field name;
 * {@link #done()} throws them all at once.
 */
final class JsonFields {

    static final int MAX_NAME = 255;
    static final int MAX_SCOPES = 100;
    static final int MAX_RESOURCES_PER_SCOPE = 50;
    static final int MAX_RESOURCE_ID = 64;

    /** Durations and instants beyond these are refused rather than overflowing later arithmetic. */
    static final Duration MAX_DURATION = Duration.ofDays(36_500);
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    /** Resource ids need no escaping in JSON, so 50 of them always fit the 4000-character column. */
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9._:/@+-]{1," + MAX_RESOURCE_ID + "}");

    private final JsonNode json;
    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> present = new HashSet<>();

    JsonFields(JsonNode json, Set<String> allowed) {
        this.json = json;
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (allowed.contains(field)) {
                present.add(field);
            } else {
                errors.add(new FieldError(field, "is not a known field"));
            }
        }
    }

    Set<String> present() {
        return present;
    }

    /** The field is present with the value {@code null}. */
    boolean isExplicitNull(String field) {
        JsonNode node = json.get(field);
        return node != null && node.isNull();
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws every collected error. */
    void done() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    String text(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        return node.textValue();
    }

    /** A token name: trimmed, 1 to 255 characters, no control characters. */
    String name(String field) {
        String name = text(field);
        if (name == null) {
            return null;
        }
        name = name.strip();
        if (name.isEmpty()) {
            error(field, "must not be blank");
        } else if (name.length() > MAX_NAME) {
            error(field, "must be at most " + MAX_NAME + " characters");
        } else if (!WireText.cleanText(name, false)) {
            error(field, "must not contain control characters or invalid Unicode");
        } else {
            return name;
        }
        return null;
    }

    String description(String field, int max) {
        String description = text(field);
        if (description == null) {
            return null;
        }
        if (description.length() > max) {
            error(field, "must be at most " + max + " characters");
        } else if (!WireText.cleanText(description, true)) {
            error(field, "must not contain control characters or invalid Unicode");
        } else {
            return description;
        }
        return null;
    }

    /** A future instant: {@code Y-m-d H:i:s} (UTC), ISO-8601 date-time with or without offset (UTC), or a date. */
    Instant futureInstant(String field, Instant now) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        Instant instant = WireText.parseInstant(text);
        if (instant == null) {
            error(field, "must be a date-time as 'Y-m-d H:i:s' (UTC) or ISO-8601");
        } else if (!instant.isAfter(now)) {
            error(field, "must be in the future");
        } else if (instant.isAfter(MAX_INSTANT)) {
            error(field, "must be before the year 10000");
        } else {
            return instant;
        }
        return null;
    }

    /** A positive ISO-8601 duration such as {@code P30D} or {@code PT12H}. */
    Duration duration(String field) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        Optional<Duration> duration = WireText.parseDuration(text);
        if (duration.isEmpty() || duration.get().isNegative() || duration.get().isZero()
                || duration.get().compareTo(MAX_DURATION) > 0) {
            error(field, "must be a positive ISO-8601 duration such as P30D or PT12H, at most P36500D");
            return null;
        }
        return duration.get();
    }

    Boolean bool(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            error(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    Integer integer(String field, int min, int max) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isInt() || node.intValue() < min || node.intValue() > max) {
            error(field, "must be an integer from " + min + " to " + max);
            return null;
        }
        return node.intValue();
    }

    /** An array of distinct integers within bounds; {@code null} when absent, empty when empty. */
    List<Integer> uniqueIntegers(String field, int min, int max, int maxEntries) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            error(field, "must be an array of integers");
            return null;
        }
        if (node.size() > maxEntries) {
            error(field, "must have at most " + maxEntries + " entries");
            return null;
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemField = field + "[" + i + "]";
            if (!item.isInt() || item.intValue() < min || item.intValue() > max) {
                error(itemField, "must be an integer from " + min + " to " + max);
            } else if (values.contains(item.intValue())) {
                error(itemField, "duplicates an earlier entry");
            } else {
                values.add(item.intValue());
            }
        }
        return values;
    }

    /** Addresses and CIDR ranges, normalized; {@code null} when absent. */
    List<String> ips(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> result = new ArrayList<>();
        List<String> entries = textArray(node, field, IpAllowlist.MAX_ENTRIES);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null) {
                continue;
            }
            String item = field + "[" + i + "]";
            Optional<String> problem = IpAllowlist.validate(entry);
            if (problem.isPresent()) {
                error(item, problem.get());
                continue;
            }
            String normalized = IpAllowlist.normalize(entry);
            if (seen.add(normalized)) {
                result.add(normalized);
            } else {
                error(item, "duplicates an earlier entry");
            }
        }
        return result;
    }

    /** Scope names, unique; empty when absent. */
    List<String> scopes(String field) {
        List<String> result = new ArrayList<>();
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return result;
        }
        List<String> names = textArray(node, field, MAX_SCOPES);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String scope = names.get(i);
            if (scope == null) {
                continue;
            }
            String item = field + "[" + i + "]";
            if (scope.isBlank() || scope.length() > MAX_NAME || !WireText.cleanText(scope, false)) {
                error(item, "must be a scope name");
            } else if (!seen.add(scope)) {
                error(item, "duplicates an earlier scope");
            } else {
                result.add(scope);
            }
        }
        return result;
    }

    /** An object mapping scope names to non-empty arrays of unique resource ids; empty when absent. */
    Map<String, List<String>> scopeResources(String field) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            error(field, "must be an object of scope names to arrays of resource ids");
            return result;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String scopeField = field + "." + entry.getKey();
            List<String> ids = textArray(entry.getValue(), scopeField, MAX_RESOURCES_PER_SCOPE);
            Set<String> unique = new LinkedHashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (id == null) {
                    continue;
                }
                if (!RESOURCE_ID.matcher(id).matches()) {
                    error(scopeField + "[" + i + "]", "must be a resource id: 1 to " + MAX_RESOURCE_ID
                            + " letters, digits or . _ : / @ + - characters");
                } else if (!unique.add(id)) {
                    error(scopeField + "[" + i + "]", "duplicates an earlier resource id");
                }
            }
            if (entry.getValue().isArray() && entry.getValue().isEmpty()) {
                error(scopeField, "must list at least one resource id; leave the scope out to allow every resource");
            }
            result.put(entry.getKey(), List.copyOf(unique));
        }
        return result;
    }

    /** Items of a string array; a wrong item type is reported and comes back as {@code null} in its place. */
    private List<String> textArray(JsonNode node, String field, int max) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            error(field, "must be an array of strings");
            return values;
        }
        if (node.size() > max) {
            error(field, "must have at most " + max + " entries");
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                values.add(item.textValue());
            } else {
                error(field + "[" + i + "]", "must be a string");
                values.add(null);
            }
        }
        return values;
    }
}
