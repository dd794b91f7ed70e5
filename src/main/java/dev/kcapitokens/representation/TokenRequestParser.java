package dev.kcapitokens.representation;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kcapitokens.model.IpAllowlist;

/**
 * Reads request bodies strictly: size-capped, no duplicate or unknown fields, exact types, every problem reported with
 * its field. Pure: no Keycloak types, so unit tests drive it directly.
 */
public final class TokenRequestParser {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_NAME = 255;
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_SCOPES = 100;
    public static final int MAX_RESOURCES_PER_SCOPE = 50;
    public static final int MAX_RESOURCE_ID = 64;

    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String EXPIRES_AT = "expires_at";
    public static final String ALLOWED_IPS = "allowed_ips";
    public static final String ALLOWED_SCOPES = "allowed_scopes";
    public static final String SCOPE_RESOURCES = "scope_resources";
    public static final String VERSION = "version";

    private static final Set<String> CREATE_FIELDS = Set.of(NAME, DESCRIPTION, EXPIRES_AT, ALLOWED_IPS, ALLOWED_SCOPES, SCOPE_RESOURCES);
    private static final Set<String> UPDATE_FIELDS = Set.of(VERSION, NAME, DESCRIPTION, ALLOWED_IPS);
    private static final DateTimeFormatter REFERENCE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TokenRequestParser() {
    }

    /** Parses a creation request; {@code expires_at} must lie after {@code now}. */
    public static TokenRequest parseCreate(InputStream body, Instant now) {
        return parse(readObject(body), CREATE_FIELDS, now);
    }

    /** Parses an update request: {@code version} is required, the rest optional. */
    public static TokenRequest parseUpdate(InputStream body, Instant now) {
        JsonNode json = readObject(body);
        TokenRequest request = parse(json, UPDATE_FIELDS, now);
        if (request.version() == null) {
            throw new InvalidRequestException(VERSION, "is required: send the version you read");
        }
        return request;
    }

    /** Reads a JSON object of at most {@link #MAX_BODY_BYTES}. */
    public static JsonNode readObject(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidRequestException("body", "could not be read");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("body", "must be at most " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", "is not valid JSON" + duplicateHint(e));
        } catch (IOException e) {
            throw new InvalidRequestException("body", "could not be read");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        return json;
    }

    /** Parses an expiry: {@code Y-m-d H:i:s} (UTC), ISO-8601 date-time with or without offset (UTC), or a date. */
    public static Instant parseInstant(String text) {
        String value = text.trim();
        try {
            return LocalDateTime.parse(value, REFERENCE_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            // next format
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException ignored) {
            // next format
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            // next format
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            return null;
        }
    }

    private static TokenRequest parse(JsonNode json, Set<String> allowed, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> present = new HashSet<>();
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (allowed.contains(field)) {
                present.add(field);
            } else {
                errors.add(new FieldError(field, "is not a known field"));
            }
        }

        String name = text(json, NAME, errors);
        if (name != null) {
            name = name.strip();
            if (name.isEmpty()) {
                errors.add(new FieldError(NAME, "must not be blank"));
            } else if (name.length() > MAX_NAME) {
                errors.add(new FieldError(NAME, "must be at most " + MAX_NAME + " characters"));
            } else if (!cleanText(name, false)) {
                errors.add(new FieldError(NAME, "must not contain control characters or invalid Unicode"));
            }
        }

        String description = text(json, DESCRIPTION, errors);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError(DESCRIPTION, "must be at most " + MAX_DESCRIPTION + " characters"));
        } else if (description != null && !cleanText(description, true)) {
            errors.add(new FieldError(DESCRIPTION, "must not contain control characters or invalid Unicode"));
        }

        Instant expiresAt = null;
        String expiresText = text(json, EXPIRES_AT, errors);
        if (expiresText != null) {
            expiresAt = parseInstant(expiresText);
            if (expiresAt == null) {
                errors.add(new FieldError(EXPIRES_AT, "must be a date-time as 'Y-m-d H:i:s' (UTC) or ISO-8601"));
            } else if (!expiresAt.isAfter(now)) {
                errors.add(new FieldError(EXPIRES_AT, "must be in the future"));
            }
        }

        List<String> allowedIps = new ArrayList<>();
        List<String> ipTexts = textArray(json.get(ALLOWED_IPS), ALLOWED_IPS, IpAllowlist.MAX_ENTRIES, errors);
        Set<String> seenIps = new HashSet<>();
        for (int i = 0; i < ipTexts.size(); i++) {
            String entry = ipTexts.get(i);
            String field = ALLOWED_IPS + "[" + i + "]";
            if (entry == null) {
                continue;
            }
            var problem = IpAllowlist.validate(entry);
            if (problem.isPresent()) {
                errors.add(new FieldError(field, problem.get()));
            } else {
                String normalized = IpAllowlist.normalize(entry);
                if (!seenIps.add(normalized)) {
                    errors.add(new FieldError(field, "duplicates an earlier entry"));
                } else {
                    allowedIps.add(normalized);
                }
            }
        }

        List<String> scopes = new ArrayList<>();
        List<String> scopeTexts = textArray(json.get(ALLOWED_SCOPES), ALLOWED_SCOPES, MAX_SCOPES, errors);
        Set<String> seenScopes = new HashSet<>();
        for (int i = 0; i < scopeTexts.size(); i++) {
            String scope = scopeTexts.get(i);
            String field = ALLOWED_SCOPES + "[" + i + "]";
            if (scope == null) {
                continue;
            }
            if (scope.isBlank() || scope.length() > MAX_NAME || !cleanText(scope, false)) {
                errors.add(new FieldError(field, "must be a scope name"));
            } else if (!seenScopes.add(scope)) {
                errors.add(new FieldError(field, "duplicates an earlier scope"));
            } else {
                scopes.add(scope);
            }
        }

        Map<String, List<String>> scopeResources = scopeResources(json, errors);

        Integer version = null;
        JsonNode versionNode = json.get(VERSION);
        if (versionNode != null && !versionNode.isNull()) {
            if (versionNode.isInt() && versionNode.intValue() >= 0) {
                version = versionNode.intValue();
            } else {
                errors.add(new FieldError(VERSION, "must be a non-negative integer"));
            }
        }

        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new TokenRequest(present, name, description, expiresAt, allowedIps, scopes, scopeResources, version);
    }

    /** {@code scope_resources}: an object mapping scope names to arrays of resource ids. */
    private static Map<String, List<String>> scopeResources(JsonNode json, List<FieldError> errors) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        JsonNode node = json.get(SCOPE_RESOURCES);
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(SCOPE_RESOURCES, "must be an object of scope names to arrays of resource ids"));
            return result;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String field = SCOPE_RESOURCES + "." + entry.getKey();
            List<String> ids = textArray(entry.getValue(), field, MAX_RESOURCES_PER_SCOPE, errors);
            Set<String> unique = new LinkedHashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (id == null) {
                    continue;
                }
                if (id.isBlank() || id.length() > MAX_RESOURCE_ID || !cleanText(id, false)) {
                    errors.add(new FieldError(field + "[" + i + "]", "must be a resource id of 1 to " + MAX_RESOURCE_ID + " characters"));
                } else if (!unique.add(id)) {
                    errors.add(new FieldError(field + "[" + i + "]", "duplicates an earlier resource id"));
                }
            }
            if (entry.getValue().isArray() && entry.getValue().isEmpty()) {
                errors.add(new FieldError(field, "must list at least one resource id; leave the scope out to allow every resource"));
            }
            result.put(entry.getKey(), List.copyOf(unique));
        }
        return result;
    }

    private static String text(JsonNode json, String field, List<FieldError> errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return node.textValue();
    }

    /** Items of a string array; a wrong item type is reported and comes back as {@code null} in its place. */
    private static List<String> textArray(JsonNode node, String field, int max, List<FieldError> errors) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            errors.add(new FieldError(field, "must be an array of strings"));
            return values;
        }
        if (node.size() > max) {
            errors.add(new FieldError(field, "must have at most " + max + " entries"));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                values.add(item.textValue());
            } else {
                errors.add(new FieldError(field + "[" + i + "]", "must be a string"));
                values.add(null);
            }
        }
        return values;
    }

    /** No control characters (except line breaks and tabs where allowed) and no unpaired surrogates. */
    static boolean cleanText(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else if (Character.isISOControl(c) && !(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t'))) {
                return false;
            }
        }
        return true;
    }

    private static String duplicateHint(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Duplicate field") ? " (duplicate field)" : "";
    }
}
