package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Every change of a token is an admin event naming the token, with no secret in it. */
@KeycloakIT
class AuditIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("audit");
        alice = realm.login("alice");
    }

    @Test
    void lifecycleLeavesATrailWithoutSecrets() {
        Reply token = realm.createToken(alice, Map.of("name", "audited", "allowed_scopes", List.of("members.read")));
        String id = token.text("id");
        String path = "/api/v1/token/" + id;
        Reply updated = realm.api(alice).patchJson(path, Map.of("version", token.json().get("version").asInt(), "name", "audited 2"));
        Reply regenerated = realm.api(alice).postJson(path + "/regenerate", Map.of());
        realm.api(alice).postJson(path + "/scopes", Map.of("allowed_scopes", List.of("groups.read")));
        realm.api(alice).delete(path);
        realm.api(alice).delete(path + "?permanent=true");
        assertEquals(200, updated.status());

        List<String> trail = new ArrayList<>();
        JsonNode events = realm.adminEvents();
        for (JsonNode event : events) {
            if (("api-tokens/" + id).equals(event.get("resourcePath").asText())) {
                assertEquals("API_TOKEN", event.get("resourceType").asText());
                assertEquals(realm.userId("alice"), event.at("/authDetails/userId").asText());
                trail.add(0, event.get("operationType").asText() + (event.at("/details/change").isMissingNode() ? ""
                        : " " + event.at("/details/change").asText()));
            }
        }
        assertEquals(List.of("CREATE", "UPDATE", "ACTION regenerate", "UPDATE add scopes groups.read", "ACTION revoke", "DELETE"), trail);
        String all = events.toString();
        assertFalse(all.contains(token.text("token")), "the first secret");
        assertFalse(all.contains(regenerated.text("token")), "the regenerated secret");
        assertFalse(StreamSupport.stream(events.spliterator(), false).anyMatch(e -> e.path("representation").asText().contains("kcpat_")
                && !e.path("representation").asText().contains("kcpat_…")));
    }
}
