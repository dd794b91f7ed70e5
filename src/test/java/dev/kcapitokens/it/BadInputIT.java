package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Bad input gets a 400 naming each bad field, and changes nothing; no input produces a 5xx. */
@KeycloakIT
class BadInputIT {

    static TestRealm realm;
    static String alice;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("badinput");
        alice = realm.login("alice");
    }

    static long tokenCount() {
        return realm.api(alice).get("/api/v1/tokens").json().get("total").asLong();
    }

    static List<String> fields(Reply reply) {
        return StreamSupport.stream(reply.json().get("fields").spliterator(), false).map(f -> f.get("field").asText()).toList();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"x\"                                        | body",
            "{\"name\": 42}                                          | name",
            "{\"name\": \"NAME256\"}                                 | name",
            "{\"expires_at\": \"2001-01-01 00:00:00\"}               | expires_at",
            "{\"expires_at\": \"31/12/2099\"}                        | expires_at",
            "{\"allowed_ips\": [\"10.0.0.1/40\"]}                    | allowed_ips[0]",
            "{\"allowed_ips\": [\"300.1.1.1\"]}                      | allowed_ips[0]",
            "{\"allowed_ips\": [\"example.org\"]}                    | allowed_ips[0]",
            "{\"allowed_scopes\": [\"members.read\", \"members.read\"]} | allowed_scopes[1]",
            "{\"allowed_scopes\": [\"no.such.scope\"]}               | allowed_scopes[0]",
            "{\"allowed_scopes\": [\"profile\"]}                     | allowed_scopes[0]",
            "{\"allowed_scopes\": \"members.read\"}                  | allowed_scopes",
            "{\"scope_resources\": {\"members.read\": [\"m1\"]}}     | scope_resources.members.read",
            "{\"owner_id\": \"someone-else\"}                        | owner_id"})
    void createRefusesWithTheBadField(String json, String field) {
        long before = tokenCount();

        Reply reply = realm.api(alice).sendJson("POST", "/api/v1/token", json.replace("NAME256", "n".repeat(256)));

        assertEquals(400, reply.status(), reply.body());
        assertEquals("invalid_request", reply.text("error"));
        assertEquals(List.of(field), fields(reply));
        assertEquals(before, tokenCount(), "a refused request changes nothing");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        Reply reply = realm.api(alice).sendJson("POST", "/api/v1/token",
                "{\"name\": 1, \"expires_at\": \"yesterday\", \"allowed_ips\": [\"::1/200\"], \"allowed_scopes\": [true]}");

        assertEquals(400, reply.status());
        assertEquals(List.of("name", "expires_at", "allowed_ips[0]", "allowed_scopes[0]"), fields(reply));
    }

    @Test
    void oversizedBodyIsRefused() {
        long before = tokenCount();

        Reply reply = realm.api(alice).sendJson("POST", "/api/v1/token", "{\"description\": \"" + "x".repeat(70_000) + "\"}");

        assertEquals(400, reply.status());
        assertEquals(List.of("body"), fields(reply));
        assertEquals(before, tokenCount());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"status=bogus", "max=0", "max=100000", "first=-1", "first=abc"})
    void badQueryParametersAre400(String query) {
        Reply reply = realm.api(alice).get("/api/v1/tokens?" + query);

        assertEquals(400, reply.status(), reply.body());
        assertEquals(query.substring(0, query.indexOf('=')), fields(reply).get(0));
    }

    @Test
    void wrongContentTypeIs415() {
        assertEquals(415, realm.api(alice).sendRaw("POST", "/api/v1/token", "text/plain", "{}").status());
    }

    @ParameterizedTest(name = "body #{index}")
    @ValueSource(strings = {"", "null", "[]", "\"text\"", "{\"name\": {\"deep\": [[[[[[]]]]]]}}", "{\"allowed_ips\": [null]}",
            "{\"expires_at\": \"9999999-01-01 00:00:00\"}", "{\"name\": \"\\ud800\"}", "\u0000"})
    void strangeBodiesNeverCauseA5xx(String body) {
        Reply reply = realm.api(alice).sendRaw("POST", "/api/v1/token", "application/json", body);

        assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
        JsonNode error = reply.json();
        assertEquals("invalid_request", error.get("error").asText(), reply.body());
    }
}
