package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.KeycloakServer;

/**
 * The pages in a real browser: each test runs one scenario file of {@code themes/api-tokens-ui/test} (node's test
 * runner driving Debian's headless Chromium through playwright-core) against the shared server, each in a realm of
 * its own imported from the shipped demo realm (the console scenario uses the demo realm itself). Every page and
 * dialog the scenarios show is checked with axe-core. Logs, axe results, the list timing and screenshots land in
 * {@code target/it/pages}.
 */
@KeycloakIT
class PagesIT {

    static final Path UI = Path.of(System.getProperty("ui.dir", "themes/api-tokens-ui"));
    static final Path OUT = Path.of(System.getProperty("kc.work.dir", "target/it")).resolve("pages");
    static Keycloak keycloak;

    @BeforeAll
    static void setUp(Keycloak shared) throws IOException {
        keycloak = shared;
        Files.createDirectories(OUT);
    }

    @Test
    void demoRealmConsolesAndFindingThePage() throws Exception {
        run("consoles", Map.of("KC_REALM", "demo"));
    }

    @Test
    void createCopyUseReloadScopesEditRevoke() throws Exception {
        run("token-lifecycle", Map.of());
    }

    @Test
    void expiredTokenRegeneratedThenDeleteAndDeleteAll() throws Exception {
        run("expired-and-delete", Map.of());
    }

    @Test
    void tokenAdministratorRevokesAnotherPersonsToken() throws Exception {
        run("administrator", Map.of());
    }

    @Test
    void realmManagerLowersMaxLifetimeAndCreationShowsTheFieldError() throws Exception {
        run("realm-policy", Map.of());
    }

    @Test
    void adminConsoleTabSavesThePolicyTheRestEndpointReturns() throws Exception {
        run("admin-console-tab", Map.of());
    }

    @Test
    void phoneWidthAndKeyboardOnly() throws Exception {
        run("narrow-and-keyboard", Map.of());
    }

    /** A measurement (bench/results), taken against the build's distribution only. */
    @Test
    @EnabledIfSystemProperty(named = "it.measure", matches = "true")
    void listWithAThousandTokensRendersQuickly() throws Exception {
        run("list-1000", Map.of());
    }

    private static void run(String scenario, Map<String, String> env) throws Exception {
        Path log = OUT.resolve(scenario + ".log");
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec", "--test-concurrency=1",
                "test/" + scenario + ".test.mjs"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(UI.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_URL", keycloak.baseUrl());
        builder.environment().put("KC_ADMIN_USER", KeycloakServer.ADMIN_USER);
        builder.environment().put("KC_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        builder.environment().put("OUT_DIR", OUT.toAbsolutePath().toString());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().putAll(env);
        Process node = builder.start();
        if (!node.waitFor(6, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError(scenario + " did not finish in 6 minutes; see " + log);
        }
        assertEquals(0, node.exitValue(), () -> scenario + " failed; see " + log + "\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
