package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** The reference API's four endpoints, verbatim, for a person managing their own tokens. */
@KeycloakIT
class ReferenceApiIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("reference");
        alice = realm.login("alice");
    }

    @Test
    void createReturnsTheSecretOnceAndTheReferenceMetadata() {
        Reply created = realm.createToken(alice, Map.of(
                "name", "ci deploy",
                "description", "pushes releases",
                "expires_at", "2099-12-31 23:59:59",
                "allowed_ips", List.of("10.0.0.0/8", "2001:db8::/32"),
                "allowed_scopes", List.of("members.read", "groups.read-all")));
        JsonNode token = created.json();

        String secret = token.get("token").asText();
        assertTrue(secret.startsWith("kcpat_"), secret);
        assertEquals("ci deploy", token.get("name").asText());
        assertEquals("pushes releases", token.get("description").asText());
        assertEquals("2099-12-31T23:59:59Z", token.get("expires_at").asText());
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), strings(token.get("allowed_ips")));
        assertEquals(List.of("groups.read-all", "members.read"), strings(token.get("allowed_scopes")).stream().sorted().toList());
        assertEquals("active", token.get("status").asText());
        assertEquals(realm.userId("alice"), token.get("owner_id").asText());
        assertEquals(realm.userId("alice"), token.at("/created_by/id").asText());
        assertEquals("alice", token.at("/created_by/username").asText());
        assertNotNull(token.get("user_id").asText());
        assertNotNull(token.get("client_id").asText());
        assertEquals("kcpat_…" + secret.substring(secret.length() - 4), token.get("masked_token").asText());

        Reply read = realm.api(alice).get("/api/v1/token/" + token.get("id").asText());
        assertEquals(200, read.status());
        assertNull(read.json().get("token"), "the secret is shown once");
        assertFalse(read.body().contains(secret));
        assertEquals(token.get("masked_token"), read.json().get("masked_token"));
    }

    @Test
    void listShowsTheCallersTokens() {
        String id = realm.createToken(alice, Map.of("name", "listed")).text("id");

        Reply list = realm.api(alice).get("/api/v1/tokens");

        assertEquals(200, list.status());
        List<String> ids = tokenIds(list.json());
        assertTrue(ids.contains(id), list.body());
        assertTrue(list.json().get("tokens").findValues("token").isEmpty(), "no secret in a list");
    }

    @Test
    void deleteRevokes() {
        String id = realm.createToken(alice, Map.of("name", "to revoke")).text("id");

        Reply revoked = realm.api(alice).delete("/api/v1/token/" + id);

        assertEquals(200, revoked.status());
        assertEquals("revoked", revoked.text("status"));
        assertNotNull(revoked.json().get("revoked_at").asText());
        assertEquals("revoked", realm.api(alice).get("/api/v1/token/" + id).text("status"));
    }

    @Test
    void longDescriptionsAreKeptWhole() {
        String description = "d".repeat(1000);

        Reply created = realm.createToken(alice, Map.of("name", "documented", "description", description));

        assertEquals(description, realm.api(alice).get("/api/v1/token/" + created.text("id")).text("description"));
    }

    @Test
    void unknownTokenIs404() {
        assertEquals(404, realm.api(alice).get("/api/v1/token/00000000-0000-0000-0000-000000000000").status());
        assertEquals(404, realm.api(alice).delete("/api/v1/token/nope").status());
    }

    /** The ids of a token list, in order. */
    static List<String> tokenIds(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.get("tokens").spliterator(), false).map(t -> t.get("id").asText()).toList();
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
