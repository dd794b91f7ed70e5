package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;

/**
 * Runs last: every server log of this run (the shared server logs our debug output) must be free of token secrets,
 * although the suite creates, exchanges, refuses and introspects hundreds of them.
 */
@KeycloakIT
@Order(Integer.MAX_VALUE)
class SecretLeakIT {

    private static final Pattern SECRET = Pattern.compile("kcpat_[0-9A-Za-z]{38}");

    @Test
    void noServerLogContainsASecret(Keycloak keycloak) throws IOException {
        Path logs = keycloak.server().log().getParent().getParent();
        List<Path> files;
        try (Stream<Path> found = Files.find(logs, 2, (path, attributes) -> path.getFileName().toString().equals("server.log"))) {
            files = found.toList();
        }
        assertTrue(files.contains(keycloak.server().log()), "the shared server's log is among " + files);
        for (Path file : files) {
            String log = Files.readString(file);
            assertTrue(log.contains("dev.kcapitokens"), "debug logging of the extension is on in " + file);
            Matcher matcher = SECRET.matcher(log);
            assertEquals(false, matcher.find(), () -> file + " contains a secret: " + matcher.group());
        }
    }
}
