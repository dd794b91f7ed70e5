package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** Who may call what: 401 for "who are you?", 403 for "not allowed" (RFC 6750). */
@KeycloakIT
class AuthorizationIT {

    static TestRealm realm;
    static String alice;
    static String aliceTokenId;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("authz");
        alice = realm.login("alice");
        aliceTokenId = realm.createToken(alice, Map.of("name", "target")).text("id");
    }

    static Reply call(Http http, String method, String path) {
        return switch (method) {
            case "GET" -> http.get(path);
            case "DELETE" -> http.delete(path);
            default -> http.postJson(path, Map.of("name", "x"));
        };
    }

    @Nested
    class Unauthenticated {

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"GET, /api/v1/tokens", "POST, /api/v1/token", "GET, /api/v1/token/ID", "DELETE, /api/v1/token/ID"})
        void withoutBearerTokenIs401(String method, String path) {
            Reply reply = call(realm.api(null), method, path.replace("ID", aliceTokenId));

            assertEquals(401, reply.status());
            assertEquals("Bearer realm=\"" + realm.name() + "\"", reply.header("WWW-Authenticate"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"Bearer not-a-jwt", "Basic YWxpY2U6YWxpY2UtcHc=", "Bearer"})
        void withABadCredentialIs401(String authorization) {
            Reply reply = realm.api(null).header("Authorization", authorization).get("/api/v1/tokens");

            assertEquals(401, reply.status());
            assertEquals("invalid_token", reply.text("error"));
            assertTrue(reply.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        }

        @Test
        void anApiTokenItselfIsABearerTokenForTheApiAndAnUnknownOneIs401() {
            Reply token = realm.createToken(alice, Map.of("name", "raw", "allowed_scopes", List.of("token.read-all")));

            assertEquals(200, realm.api(token.text("token")).get("/api/v1/tokens").status(), "see BearerIT");
            Reply unknown = realm.api("kcpat_" + "0".repeat(38)).get("/api/v1/tokens");
            assertEquals(401, unknown.status());
            assertEquals("invalid_token", unknown.text("error"));
        }
    }

    @Nested
    class TokenCallers {

        /** A JWT exchanged for a fresh token of alice with the given scopes. */
        String callerWith(String... scopes) {
            Reply token = realm.createToken(alice, Map.of("name", "caller", "allowed_scopes", List.of(scopes)));
            Reply jwt = realm.exchange(token.text("client_id"), token.text("token"));
            assertEquals(200, jwt.status(), jwt.body());
            return jwt.text("access_token");
        }

        @ParameterizedTest(name = "{0} {1} needs {2}")
        @CsvSource({"GET, /api/v1/tokens, token.read-all", "POST, /api/v1/token, token.create",
                "GET, /api/v1/token/ID, token.read", "DELETE, /api/v1/token/ID, token.delete"})
        void withoutTheReferenceScopeIs403(String method, String path, String scope) {
            String jwt = callerWith("members.read");

            Reply reply = call(realm.api(jwt), method, path.replace("ID", aliceTokenId));

            assertEquals(403, reply.status(), reply.body());
            assertEquals("insufficient_scope", reply.text("error"));
            assertTrue(reply.header("WWW-Authenticate").contains("scope=\"" + scope + "\""));
        }

        @Test
        void withTheScopesItManagesItsOwnersTokens() {
            String jwt = callerWith("token.read-all", "token.read", "token.create", "token.delete");

            assertTrue(realm.api(jwt).get("/api/v1/tokens").body().contains(aliceTokenId));
            assertEquals(200, realm.api(jwt).get("/api/v1/token/" + aliceTokenId).status());
            Reply created = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "made by a token"));
            assertEquals(200, created.status(), created.body());
            assertEquals(realm.userId("alice"), created.text("owner_id"));
            assertEquals(200, realm.api(jwt).delete("/api/v1/token/" + created.text("id")).status());
        }

        @Test
        void actionsAreAttributedToTheApiTokenUser() {
            Reply caller = realm.createToken(alice, Map.of("name", "attributed", "allowed_scopes", List.of("token.create")));
            String jwt = realm.exchange(caller.text("client_id"), caller.text("token")).text("access_token");

            Reply created = realm.api(jwt).postJson("/api/v1/token", Map.of("name", "child"));

            assertEquals(caller.text("user_id"), created.json().at("/created_by/id").asText());
            assertEquals("service-account-" + caller.text("client_id"), created.json().at("/created_by/username").asText());
        }

        @Test
        void revokingTheCallingTokenEndsItsJwtAtOnce() {
            Reply caller = realm.createToken(alice, Map.of("name", "self", "allowed_scopes", List.of("token.read-all")));
            String jwt = realm.exchange(caller.text("client_id"), caller.text("token")).text("access_token");
            assertEquals(200, realm.api(jwt).get("/api/v1/tokens").status());

            assertEquals(200, realm.api(alice).delete("/api/v1/token/" + caller.text("id")).status());

            Reply after = realm.api(jwt).get("/api/v1/tokens");
            assertEquals(401, after.status());
            assertEquals("invalid_token", after.text("error"));
        }
    }

    @Nested
    class Administrators {

        @Test
        void manageUsersMayListAndRevokeEveryToken() {
            realm.grantManageUsers("mona");
            String mona = realm.login("mona");
            String id = realm.createToken(alice, Map.of("name", "for mona")).text("id");

            Reply all = realm.api(mona).get("/api/v1/tokens?owner=" + realm.userId("alice"));
            assertEquals(200, all.status());
            assertTrue(all.body().contains(id));
            assertTrue(realm.api(mona).get("/api/v1/tokens").body().contains(id), "an administrator lists the whole realm");
            assertEquals(200, realm.api(mona).get("/api/v1/token/" + id).status());
            assertEquals("revoked", realm.api(mona).delete("/api/v1/token/" + id).text("status"));
        }

        @Test
        void administratorsCannotChangeOrRegenerateOtherPeoplesTokens() {
            realm.grantManageUsers("max");
            String max = realm.login("max");
            Reply token = realm.createToken(alice, Map.of("name", "alice keeps control", "allowed_scopes", List.of("members.read")));
            String path = "/api/v1/token/" + token.text("id");

            Reply regenerate = realm.api(max).postJson(path + "/regenerate", Map.of());
            assertEquals(403, regenerate.status(), "an administrator must not obtain someone else's secret");
            assertEquals(403, realm.api(max).patchJson(path, Map.of("version", 0, "allowed_ips", List.of())).status());
            assertEquals(403, realm.api(max).postJson(path + "/scopes", Map.of("allowed_scopes", List.of("groups.read"))).status());
            assertEquals(200, realm.exchange(token.text("client_id"), token.text("token")).status(), "the secret is unchanged");
            assertEquals(200, realm.api(max).get(path).status(), "reading is allowed");
        }

        @Test
        void serviceAccountsOfOrdinaryClientsAreNotPeople() {
            realm.confidentialClient("robot", "robot-secret");
            String robot = realm.exchange("robot", "robot-secret").text("access_token");

            Reply reply = realm.api(robot).postJson("/api/v1/token", Map.of("name", "robot's"));

            assertEquals(403, reply.status());
            assertEquals("access_denied", reply.text("error"));
        }

        @Test
        void theApiTokenAdminRoleDoesTheSame() {
            realm.user("adam", "api-token-admin");
            String adam = realm.login("adam");
            String id = realm.createToken(alice, Map.of("name", "for adam")).text("id");

            assertEquals("revoked", realm.api(adam).delete("/api/v1/token/" + id).text("status"));
        }

        @Test
        void ordinaryPeopleMayNotListOthersTokens() {
            String bob = realm.login("bob");

            Reply reply = realm.api(bob).get("/api/v1/tokens?owner=" + realm.userId("alice"));

            assertEquals(403, reply.status());
            assertEquals("access_denied", reply.text("error"));
            assertFalse(realm.api(bob).get("/api/v1/tokens").body().contains(aliceTokenId));
        }
    }
}
