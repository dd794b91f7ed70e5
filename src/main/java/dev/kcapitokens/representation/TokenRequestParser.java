package dev.kcapitokens.representation;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.kcapitokens.model.ApiTokenPolicy;

/**
 * Reads request bodies strictly: size-capped, no duplicate or unknown fields, exact types, every problem reported with
 * its field. Pure: no Keycloak types, so unit tests drive it directly.
 */
public final class TokenRequestParser {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_DESCRIPTION = 1000;

    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String EXPIRES_AT = "expires_at";
    public static final String ALLOWED_IPS = "allowed_ips";
    public static final String ALLOWED_SCOPES = "allowed_scopes";
    public static final String SCOPE_RESOURCES = "scope_resources";
    public static final String VERSION = "version";
    public static final String DURATION = "duration";
    public static final String GRACE_PERIOD = "grace_period";

    private static final Set<String> CREATE_FIELDS = Set.of(NAME, DESCRIPTION, EXPIRES_AT, ALLOWED_IPS, ALLOWED_SCOPES, SCOPE_RESOURCES);
    private static final Set<String> UPDATE_FIELDS = Set.of(VERSION, NAME, DESCRIPTION, ALLOWED_IPS);
    private static final Set<String> REGENERATE_FIELDS = Set.of(EXPIRES_AT, DURATION, GRACE_PERIOD, VERSION);
    private static final Set<String> SCOPES_FIELDS = Set.of(ALLOWED_SCOPES, SCOPE_RESOURCES, VERSION);
    private static final Set<String> POLICY_FIELDS = Set.of("max_lifetime", "default_lifetime", "expiry_required",
            "max_tokens_per_user", "max_grace_period", "users_may_create", "expiry_notice_days", "delete_ended_after_days");
    /** At most this many expiry notices per token and expiry. */
    public static final int MAX_EXPIRY_NOTICES = 10;
    /** Housekeeping keeps an ended token at most this long (about 100 years). */
    public static final int MAX_DELETE_AFTER_DAYS = 36_500;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TokenRequestParser() {
    }

    /** A creation request; {@code expires_at} must lie after {@code now}. */
    public static TokenRequest parseCreate(InputStream body, Instant now) {
        JsonFields fields = new JsonFields(readObject(body, true), CREATE_FIELDS);
        String name = fields.name(NAME);
        String description = fields.description(DESCRIPTION, MAX_DESCRIPTION);
        Instant expiresAt = fields.futureInstant(EXPIRES_AT, now);
        List<String> ips = fields.ips(ALLOWED_IPS);
        List<String> scopes = fields.scopes(ALLOWED_SCOPES);
        Map<String, List<String>> resources = fields.scopeResources(SCOPE_RESOURCES);
        fields.done();
        return new TokenRequest(fields.present(), name, description, expiresAt, ips == null ? List.of() : ips, scopes, resources, null);
    }

    /** An update request: {@code version} is required, {@code name}, {@code description} and {@code allowed_ips} optional. */
    public static TokenRequest parseUpdate(InputStream body, Instant now) {
        JsonFields fields = new JsonFields(readObject(body, true), UPDATE_FIELDS);
        Integer version = fields.integer(VERSION, 0, Integer.MAX_VALUE);
        String name = fields.name(NAME);
        String description = fields.description(DESCRIPTION, MAX_DESCRIPTION);
        List<String> ips = fields.ips(ALLOWED_IPS);
        if (fields.isExplicitNull(NAME)) {
            fields.error(NAME, "must not be null");
        }
        if (fields.isExplicitNull(ALLOWED_IPS)) {
            fields.error(ALLOWED_IPS, "must be an array; an empty one allows every address");
        }
        fields.done();
        if (version == null) {
            throw new InvalidRequestException(VERSION, "is required: send the version you read");
        }
        return new TokenRequest(fields.present(), name, description, null, ips, List.of(), Map.of(), version);
    }

    /**
     * A regeneration request; an empty body asks for the realm's default validity and no grace period. {@code version}
     * is optional: when sent, the token must still be at it.
     */
    public static RegenerateRequest parseRegenerate(InputStream body, Instant now) {
        JsonFields fields = new JsonFields(readObject(body, false), REGENERATE_FIELDS);
        Instant expiresAt = fields.futureInstant(EXPIRES_AT, now);
        Duration duration = fields.duration(DURATION);
        Duration grace = fields.duration(GRACE_PERIOD);
        Integer version = fields.integer(VERSION, 0, Integer.MAX_VALUE);
        if (fields.present().contains(EXPIRES_AT) && fields.present().contains(DURATION)) {
            fields.error(DURATION, "give either expires_at or duration, not both");
        }
        fields.done();
        return new RegenerateRequest(expiresAt, duration, grace, version);
    }

    /** Scopes to add: {@code allowed_scopes} (at least one), optional {@code scope_resources} and {@code version}. */
    public static AddScopesRequest parseScopes(InputStream body) {
        JsonFields fields = new JsonFields(readObject(body, true), SCOPES_FIELDS);
        List<String> scopes = fields.scopes(ALLOWED_SCOPES);
        Map<String, List<String>> resources = fields.scopeResources(SCOPE_RESOURCES);
        Integer version = fields.integer(VERSION, 0, Integer.MAX_VALUE);
        if (scopes.isEmpty() && !fields.hasErrors()) {
            fields.error(ALLOWED_SCOPES, "must name at least one scope");
        }
        fields.done();
        return new AddScopesRequest(scopes, resources, version);
    }

    /** A request that takes no options: an empty body or an empty JSON object. */
    public static void parseNoOptions(InputStream body) {
        new JsonFields(readObject(body, false), Set.of()).done();
    }

    /** A complete realm policy; absent fields take the defaults. */
    public static ApiTokenPolicy parsePolicy(InputStream body) {
        JsonFields fields = new JsonFields(readObject(body, true), POLICY_FIELDS);
        Duration maxLifetime = fields.duration("max_lifetime");
        Duration defaultLifetime = fields.duration("default_lifetime");
        Boolean expiryRequired = fields.bool("expiry_required");
        Integer maxTokens = fields.integer("max_tokens_per_user", 1, 1_000_000);
        Duration maxGrace = fields.duration("max_grace_period");
        Boolean usersMayCreate = fields.bool("users_may_create");
        List<Integer> noticeDays = fields.uniqueIntegers("expiry_notice_days", 0, ApiTokenPolicy.MAX_NOTICE_DAYS, MAX_EXPIRY_NOTICES);
        Integer deleteAfterDays = fields.integer("delete_ended_after_days", 0, MAX_DELETE_AFTER_DAYS);
        if (maxLifetime != null && defaultLifetime != null && defaultLifetime.compareTo(maxLifetime) > 0) {
            fields.error("default_lifetime", "must not exceed max_lifetime");
        }
        if (maxGrace != null && maxGrace.compareTo(ApiTokenPolicy.GRACE_CEILING) > 0) {
            fields.error("max_grace_period", "must be at most PT24H");
        }
        fields.done();
        ApiTokenPolicy defaults = ApiTokenPolicy.DEFAULT;
        return new ApiTokenPolicy(maxLifetime, defaultLifetime,
                expiryRequired == null ? defaults.expiryRequired() : expiryRequired,
                maxTokens,
                maxGrace == null ? defaults.maxGracePeriod() : maxGrace,
                usersMayCreate == null ? defaults.usersMayCreate() : usersMayCreate,
                noticeDays == null ? defaults.expiryNoticeDays() : noticeDays,
                deleteAfterDays);
    }

    /** Reads a JSON object of at most {@link #MAX_BODY_BYTES}; an empty body is an empty object unless required. */
    static JsonNode readObject(InputStream body, boolean required) {
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
            if (!required) {
                return JsonNodeFactory.instance.objectNode();
            }
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

    private static String duplicateHint(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Duplicate field") ? " (duplicate field)" : "";
    }
}
