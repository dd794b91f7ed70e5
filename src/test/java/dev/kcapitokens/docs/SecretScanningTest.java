package dev.kcapitokens.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import dev.kcapitokens.model.TokenSecrets;

/**
 * The shipped gitleaks rule ({@code docs/secret-scanning/gitleaks.toml}) finds generated tokens, and a token with a
 * broken checksum, which a regular expression cannot tell apart, is rejected by the checksum: by
 * {@link TokenSecrets#isWellFormed} and by the validator script shipped beside the rule.
 */
class SecretScanningTest {

    static final Path DIR = Path.of("docs", "secret-scanning");
    static final SecureRandom RANDOM = new SecureRandom();
    static JsonNode rule;
    static Pattern regex;

    @BeforeAll
    static void loadTheShippedRule() throws IOException {
        JsonNode config = new TomlMapper().readTree(Files.readString(DIR.resolve("gitleaks.toml")));
        rule = config.get("rules").get(0);
        regex = Pattern.compile(rule.get("regex").asText());
    }

    @Test
    void theRuleFindsGeneratedTokensInText() {
        assertEquals("keycloak-api-token", rule.get("id").asText());
        assertTrue(rule.get("keywords").toString().contains("kcpat_"), "gitleaks only runs the regex on text with a keyword");
        int group = rule.get("secretGroup").asInt();
        double minEntropy = rule.get("entropy").asDouble();
        for (int i = 0; i < 1000; i++) {
            String token = TokenSecrets.generate(RANDOM);
            for (String text : List.of(token, "export KC_TOKEN=" + token + "\n", "{\"token\":\"" + token + "\"}", "Bearer " + token + ".")) {
                Matcher match = regex.matcher(text);
                assertTrue(match.find(), text);
                assertEquals(token, match.group(group));
            }
            assertTrue(shannonEntropy(token) > minEntropy, "entropy of " + TokenSecrets.mask(TokenSecrets.hint(token)));
        }
    }

    @Test
    void theRuleIgnoresWhatIsNotTokenShaped() {
        String token = TokenSecrets.generate(RANDOM);
        for (String text : List.of("kcpat_", "kcpat_short", token.substring(0, token.length() - 1), token + "x", "xkcpat_" + token.substring(6))) {
            assertFalse(regex.matcher(text).find(), text);
        }
        assertTrue(shannonEntropy("kcpat_" + "0".repeat(38)) < rule.get("entropy").asDouble(), "a placeholder is below the threshold");
    }

    @Test
    void aBrokenChecksumMatchesTheRuleButIsRejectedByTheChecksum() throws Exception {
        String token = TokenSecrets.generate(RANDOM);
        String broken = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");

        assertTrue(regex.matcher(broken).find(), "a regular expression cannot check a checksum");
        assertFalse(TokenSecrets.isWellFormed(broken));
        assertTrue(TokenSecrets.isWellFormed(token));

        assumeTrue(python() != null, "python3 is needed to run the validator script");
        assertEquals(1, validate(token).exitCode, "a real token is reported");
        assertTrue(validate(token).output.contains(TokenSecrets.mask(TokenSecrets.hint(token))), "masked");
        assertFalse(validate(token).output.contains(token), "the validator never prints a token");
        assertEquals(0, validate(broken).exitCode, "a broken checksum is not: " + validate(broken).output);
    }

    @Test
    void theValidatorAgreesWithTheServerOnEveryToken() throws Exception {
        assumeTrue(python() != null, "python3 is needed to run the validator script");
        List<String> tokens = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String token = TokenSecrets.generate(RANDOM);
            tokens.add(token);
            text.append("line ").append(i).append(": ").append(token).append('\n');
            char[] typo = token.toCharArray();
            typo[10] = typo[10] == 'a' ? 'b' : 'a';
            text.append("typo: ").append(typo).append('\n');
        }
        Result result = validate(text.toString());
        assertEquals(1, result.exitCode);
        assertEquals(tokens.size(), result.output.lines().count(), "exactly the real tokens, not the typos:\n" + result.output);
    }

    @Test
    void theValidatorFiltersAGitleaksReport() throws Exception {
        assumeTrue(python() != null, "python3 is needed to run the validator script");
        String token = TokenSecrets.generate(RANDOM);
        String broken = token.substring(0, 20) + (token.charAt(20) == 'a' ? 'b' : 'a') + token.substring(21);
        Path report = Files.createTempFile("gitleaks", ".json");
        Files.writeString(report, "[{\"RuleID\":\"keycloak-api-token\",\"Secret\":\"" + token + "\",\"File\":\"a\"},"
                + "{\"RuleID\":\"keycloak-api-token\",\"Secret\":\"" + broken + "\",\"File\":\"b\"},"
                + "{\"RuleID\":\"aws-access-token\",\"Secret\":\"AKIA...\",\"File\":\"c\"}]");

        Result result = run(List.of(python(), DIR.resolve("kcpat_check.py").toString(), "--gitleaks-report", report.toString()), "");

        assertEquals(1, result.exitCode);
        assertTrue(result.output.contains("\"File\": \"a\"") && result.output.contains("\"File\": \"c\""), result.output);
        assertFalse(result.output.contains("\"File\": \"b\""), "the broken checksum is dropped: " + result.output);
        Files.delete(report);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result validate(String stdin) throws Exception {
        return run(List.of(python(), DIR.resolve("kcpat_check.py").toString()), stdin);
    }

    private static Result run(List<String> command, String stdin) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static String python() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next
            }
        }
        return null;
    }

    /** As gitleaks computes it: Shannon entropy in bits per character. */
    static double shannonEntropy(String text) {
        Map<Character, Integer> counts = new HashMap<>();
        for (char c : text.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double entropy = 0;
        for (int count : counts.values()) {
            double p = (double) count / text.length();
            entropy -= p * Math.log(p) / Math.log(2);
        }
        return entropy;
    }
}
