package dev.kcapitokens.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.representation.InvalidRequestException;

/** The realm policy's expiry rules, driven by a fixed instant instead of the server's clock. */
class PolicyRulesTest {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    static ApiTokenPolicy policy(String maxLifetime, String defaultLifetime, boolean expiryRequired) {
        return new ApiTokenPolicy(maxLifetime == null ? null : Duration.parse(maxLifetime),
                defaultLifetime == null ? null : Duration.parse(defaultLifetime), expiryRequired, null, ApiTokenPolicy.GRACE_CEILING, true);
    }

    @ParameterizedTest(name = "max={0} default={1} required={2} requested={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            "-,    -,    false, -,                    -",
            "-,    -,    false, 2030-02-01T00:00:00Z, 2030-02-01T00:00:00Z",
            "P30D, -,    false, -,                    2030-01-31T00:00:00Z",
            "P30D, P7D,  false, -,                    2030-01-08T00:00:00Z",
            "-,    P7D,  true,  -,                    2030-01-08T00:00:00Z",
            "P30D, -,    false, 2030-01-31T00:00:00Z, 2030-01-31T00:00:00Z",
    })
    void expiry(String max, String defaultLifetime, boolean required, String requested, String expected) {
        Instant expiry = new PolicyRules(policy(max, defaultLifetime, required)).expiry(
                requested == null ? null : Instant.parse(requested), "expires_at", NOW);
        assertEquals(expected == null ? null : Instant.parse(expected), expiry);
    }

    @Test
    void beyondTheMaximumLifetimeNamesTheField() {
        PolicyRules rules = new PolicyRules(policy("P30D", null, false));
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> rules.expiry(Instant.parse("2030-01-31T00:00:01Z"), "duration", NOW));
        assertEquals("duration", refused.getFields().get(0).field());
    }

    @Test
    void requiredExpiryWithoutDefaultNamesTheField() {
        PolicyRules rules = new PolicyRules(policy(null, null, true));
        assertEquals("expires_at", assertThrows(InvalidRequestException.class, () -> rules.expiry(null, "expires_at", NOW))
                .getFields().get(0).field());
    }

    @Test
    void noGraceAskedIsNone() {
        assertNull(new PolicyRules(policy(null, null, false)).graceUntil(null, null, NOW));
    }
}
