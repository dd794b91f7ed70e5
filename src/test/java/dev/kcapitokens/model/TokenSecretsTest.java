package dev.kcapitokens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenSecretsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @RepeatedTest(20)
    void generatedSecretsAreWellFormed() {
        String secret = TokenSecrets.generate(RANDOM);
        assertEquals(TokenSecrets.LENGTH, secret.length());
        assertTrue(secret.startsWith("kcpat_"));
        assertTrue(TokenSecrets.isWellFormed(secret), secret);
    }

    @Test
    void secretsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(TokenSecrets.generate(RANDOM)));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "6,  change the first random character",
            "20, change a middle character",
            "37, change the last random character",
            "39, change a checksum character"})
    void checksumCatchesASingleChangedCharacter(int position, String why) {
        String secret = TokenSecrets.generate(RANDOM);
        char original = secret.charAt(position);
        char replacement = original == 'a' ? 'b' : 'a';
        String typo = secret.substring(0, position) + replacement + secret.substring(position + 1);
        assertFalse(TokenSecrets.isWellFormed(typo), why);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"kcpat_", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "kcpat_abc!efghijklmnopqrstuvwxyz0123456789ab",
            "KCPAT_abcdefghijklmnopqrstuvwxyz0123456789ab"})
    void noiseIsNotWellFormed(String candidate) {
        assertFalse(TokenSecrets.isWellFormed(candidate));
    }

    @Test
    void hashIsKeyedAndBoundToTheRealm() {
        String secret = TokenSecrets.generate(RANDOM);
        String hash = TokenSecrets.hash(KEY, "realm-a", secret);

        assertEquals(hash, TokenSecrets.hash(KEY, "realm-a", secret));
        assertNotEquals(hash, TokenSecrets.hash(KEY, "realm-b", secret));
        assertNotEquals(hash, TokenSecrets.hash("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII), "realm-a", secret));
        assertFalse(hash.contains(secret.substring(6, 20)));
        assertEquals(43, hash.length());
    }

    @Test
    void hashComparison() {
        assertTrue(TokenSecrets.hashEquals("abc", "abc"));
        assertFalse(TokenSecrets.hashEquals("abc", "abd"));
        assertFalse(TokenSecrets.hashEquals(null, "abc"));
        assertFalse(TokenSecrets.hashEquals("abc", null));
    }

    @Test
    void maskShowsPrefixAndLastFour() {
        String secret = TokenSecrets.generate(RANDOM);
        assertEquals("kcpat_…" + secret.substring(secret.length() - 4), TokenSecrets.mask(TokenSecrets.hint(secret)));
    }
}
