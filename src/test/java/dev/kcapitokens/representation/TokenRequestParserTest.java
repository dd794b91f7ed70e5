package dev.kcapitokens.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenRequestParserTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static TokenRequest create(String json) {
        return TokenRequestParser.parseCreate(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NOW);
    }

    private static List<FieldError> errors(String json) {
        return assertThrows(InvalidRequestException.class, () -> create(json)).getFields();
    }

    @Test
    void parsesAFullRequest() {
        TokenRequest request = create("""
                {"name": " ci ", "description": "d", "expires_at": "2027-01-02 03:04:05",
                 "allowed_ips": ["10.1.0.0/16", "2001:db8::1"], "allowed_scopes": ["members.read", "groups.read"],
                 "scope_resources": {"members.read": ["m-1", "m-2"]}}""");
        assertEquals("ci", request.name());
        assertEquals("d", request.description());
        assertEquals(Instant.parse("2027-01-02T03:04:05Z"), request.expiresAt());
        assertEquals(List.of("10.1.0.0/16", "2001:db8::1"), request.allowedIps());
        assertEquals(List.of("members.read", "groups.read"), request.scopes());
        assertEquals(Map.of("members.read", List.of("m-1", "m-2")), request.scopeResources());
    }

    @Test
    void descriptionMayHoldLineBreaksAndNamesMayHoldEmoji() {
        TokenRequest request = create("{\"name\": \"deploy \uD83D\uDE80\", \"description\": \"line 1\\nline 2\"}");
        assertEquals("deploy \uD83D\uDE80", request.name());
        assertEquals("line 1\nline 2", request.description());
    }

    @Test
    void everythingIsOptional() {
        TokenRequest request = create("{}");
        assertNull(request.name());
        assertNull(request.expiresAt());
        assertTrue(request.allowedIps().isEmpty());
        assertTrue(request.scopes().isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2027-01-02 03:04:05       | 2027-01-02T03:04:05Z",
            "2027-01-02T03:04:05Z      | 2027-01-02T03:04:05Z",
            "2027-01-02T05:04:05+02:00 | 2027-01-02T03:04:05Z",
            "2027-01-02T03:04:05       | 2027-01-02T03:04:05Z",
            "2027-01-02                | 2027-01-02T00:00:00Z"})
    void acceptsTheReferenceFormatAndIso8601(String text, String expected) {
        assertEquals(Instant.parse(expected), WireText.parseInstant(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                                    | body",
            "[1, 2]                                      | body",
            "{\"name\": \"a\"} trailing                 | body",
            "{\"name\": \"a\", \"name\": \"b\"}         | body",
            "{\"name\": 5}                               | name",
            "{\"name\": \"   \"}                         | name",
            "{\"name\": \"a\\u0000b\"}                   | name",
            "{\"name\": \"\\ud800x\"}                     | name",
            "{\"description\": \"bell \\u0007\"}          | description",
            "{\"description\": []}                       | description",
            "{\"expires_at\": \"tomorrow\"}              | expires_at",
            "{\"expires_at\": \"2020-01-01 00:00:00\"}   | expires_at",
            "{\"expires_at\": 1893456000}                | expires_at",
            "{\"allowed_ips\": \"10.0.0.1\"}             | allowed_ips",
            "{\"allowed_ips\": [\"10.0.0.300\"]}         | allowed_ips[0]",
            "{\"allowed_ips\": [\"10.0.0.1\", 7]}        | allowed_ips[1]",
            "{\"allowed_ips\": [\"10.0.0.1\", \"10.0.0.1/32\"]} | allowed_ips[1]",
            "{\"allowed_scopes\": [\"a\", \"a\"]}        | allowed_scopes[1]",
            "{\"allowed_scopes\": [\"\"]}                | allowed_scopes[0]",
            "{\"allowed_scopes\": {\"a\": 1}}            | allowed_scopes",
            "{\"scope_resources\": {\"a\": \"x\"}}       | scope_resources.a",
            "{\"scope_resources\": {\"a\": []}}          | scope_resources.a",
            "{\"scope_resources\": {\"a\": [\"x\", \"x\"]}} | scope_resources.a[1]",
            "{\"scope_resources\": {\"a\": [\"quote\\\"d\"]}} | scope_resources.a[0]",
            "{\"scope_resources\": {\"a\": [\"has space\"]}} | scope_resources.a[0]",
            "{\"expires\": \"2027-01-01\"}               | expires"})
    void reportsTheBadField(String json, String field) {
        List<FieldError> errors = errors(json);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(field, errors.get(0).field());
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        List<FieldError> errors = errors("""
                {"name": "%s", "expires_at": "2001-01-01", "allowed_ips": ["nope"], "allowed_scopes": [1]}"""
                .formatted("x".repeat(256)));
        assertEquals(List.of("name", "expires_at", "allowed_ips[0]", "allowed_scopes[0]"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void refusesOversizedBodies() {
        String json = "{\"description\": \"" + "x".repeat(TokenRequestParser.MAX_BODY_BYTES) + "\"}";
        assertEquals("body", errors(json).get(0).field());
    }

    @Test
    void limitsListSizes() {
        String ips = String.join(",", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "\"10.0.0." + i + "\"").toList());
        assertEquals("allowed_ips", errors("{\"allowed_ips\": [" + ips + "]}").get(0).field());
    }

    @Test
    void updateNeedsAVersion() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TokenRequestParser.parseUpdate(new ByteArrayInputStream("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)), NOW));
        assertEquals("version", e.getFields().get(0).field());
    }

    @Test
    void updateRefusesCreationOnlyFields() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TokenRequestParser.parseUpdate(new ByteArrayInputStream("{\"version\":1,\"allowed_scopes\":[]}".getBytes(StandardCharsets.UTF_8)), NOW));
        assertEquals("allowed_scopes", e.getFields().get(0).field());
    }

    private static dev.kcapitokens.model.ApiTokenPolicy policy(String json) {
        return TokenRequestParser.parsePolicy(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void policyNoticeDaysAndHousekeepingHaveDefaults() {
        dev.kcapitokens.model.ApiTokenPolicy defaults = policy("{}");
        assertEquals(List.of(7, 0), defaults.expiryNoticeDays());
        assertNull(defaults.deleteEndedAfterDays());
        dev.kcapitokens.model.ApiTokenPolicy set = policy("{\"expiry_notice_days\": [1, 30, 0, 7], \"delete_ended_after_days\": 0}");
        assertEquals(List.of(30, 7, 1, 0), set.expiryNoticeDays(), "largest first");
        assertEquals(0, set.deleteEndedAfterDays());
        assertTrue(policy("{\"expiry_notice_days\": []}").expiryNoticeDays().isEmpty(), "none");
        assertEquals(List.of(7, 0), policy("{\"expiry_notice_days\": null}").expiryNoticeDays());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"expiry_notice_days\": 7}                    | expiry_notice_days",
            "{\"expiry_notice_days\": [7, 7]}               | expiry_notice_days[1]",
            "{\"expiry_notice_days\": [-1]}                 | expiry_notice_days[0]",
            "{\"expiry_notice_days\": [366]}                | expiry_notice_days[0]",
            "{\"expiry_notice_days\": [\"7\"]}              | expiry_notice_days[0]",
            "{\"expiry_notice_days\": [0,1,2,3,4,5,6,7,8,9,10]} | expiry_notice_days",
            "{\"delete_ended_after_days\": -1}              | delete_ended_after_days",
            "{\"delete_ended_after_days\": 36501}           | delete_ended_after_days",
            "{\"delete_ended_after_days\": \"30\"}          | delete_ended_after_days",
    })
    void policyRefusesBadNoticeDaysAndHousekeeping(String json, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> policy(json));
        assertEquals(field, e.getFields().get(0).field());
    }

    @Test
    void aTaskRunTakesNoOptions() {
        TokenRequestParser.parseNoOptions(new ByteArrayInputStream(new byte[0]));
        TokenRequestParser.parseNoOptions(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TokenRequestParser.parseNoOptions(new ByteArrayInputStream("{\"dry_run\": true}".getBytes(StandardCharsets.UTF_8))));
        assertEquals("dry_run", e.getFields().get(0).field());
    }
}
