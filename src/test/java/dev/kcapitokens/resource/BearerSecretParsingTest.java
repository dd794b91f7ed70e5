package dev.kcapitokens.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Authorization headers carry an API token secret rather than a JWT. */
class BearerSecretParsingTest {

    @ParameterizedTest
    @ValueSource(strings = {"Bearer kcpat_abc", "bearer kcpat_abc", "BEARER   kcpat_abc", " Bearer kcpat_abc "})
    void aBearerWithOurPrefixIsASecret(String header) {
        assertEquals("kcpat_abc", CallerAuthenticator.bearerSecret(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "Basic a2NwYXRfYWJj", "kcpat_abc", "Bearer", "Bearer ", "Token kcpat_abc"})
    void anythingElseIsNot(String header) {
        assertNull(CallerAuthenticator.bearerSecret(header));
    }
}
