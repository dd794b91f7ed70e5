package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * The served OpenAPI document is byte for byte the checked-in one, and every operation it documents reaches our code
 * on the running server (OpenApiRoutesTest checks the converse from the JAX-RS annotations).
 */
@KeycloakIT
class OpenApiIT {

    static final Path CHECKED_IN = Path.of(System.getProperty("project.basedir", "."), "src/main/resources/META-INF/api-tokens/openapi.json");
    static TestRealm realm;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("openapi");
    }

    @Test
    void servedDocumentIsTheCheckedInOne() throws Exception {
        Reply served = realm.api(null).get("/openapi.json");

        assertEquals(200, served.status());
        assertEquals(Files.readString(CHECKED_IN), served.body());
        assertEquals("3.0.3", served.json().get("openapi").asText());
    }

    @Test
    void everyDocumentedOperationIsServed() throws Exception {
        String person = realm.login("nobody-special");
        JsonNode paths = new ObjectMapper().readTree(Files.readString(CHECKED_IN)).get("paths");
        int checked = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String template = it.next();
            String path = template.replace("{realm}", realm.name()).replace("{tokenId}", "00000000-0000-0000-0000-000000000000")
                    .replace("{scope}", "members.read").replace("{file}", "app.js");
            Http http = template.startsWith("/admin/") ? realm.keycloak().admin() : realm.keycloak().http().bearer(person);
            for (Iterator<String> ops = paths.get(template).fieldNames(); ops.hasNext(); ) {
                String method = ops.next().toUpperCase(Locale.ROOT);
                if (method.equals("PARAMETERS")) {
                    continue;
                }
                // a body every endpoint refuses, so that probing changes nothing
                Reply reply = switch (method) {
                    case "GET" -> http.get(path);
                    case "DELETE" -> http.delete(path);
                    default -> path.endsWith("/revoke")
                            ? http.postForm(path, Map.of("token_type_hint", "none"))
                            : http.sendJson(method, path, Map.of("not_a_field", true));
                };
                String where = method + " " + template + " -> " + reply;
                assertNotEquals(405, reply.status(), where);
                if (reply.status() == 404) {
                    // ours, not "no such route": each API words it its own way (the admin one as the rest of /admin)
                    assertEquals(template.startsWith("/admin/") ? "Token not found" : "not_found",
                            reply.text(template.startsWith("/admin/") ? "errorMessage" : "error"), where);
                }
                assertEquals(true, reply.status() < 500, where);
                checked++;
            }
        }
        assertEquals(25, checked);
    }
}
