package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kcapitokens.it.support.Jwt;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Changes an administrator makes around the extension, through Keycloak's admin REST API as the admin console
 * makes them: each leaves the tokens in a state that makes sense, and no copy of a token (cached or issued as a JWT)
 * outlives the change. The README's "Changes made around the extension" lists the same cases.
 */
@KeycloakIT
class AdminChangesIT {

    static Keycloak keycloak;
    static TestRealm realm;

    @BeforeAll
    static void setUp(Keycloak server) {
        keycloak = server;
        realm = server.newRealm("admin-changes");
        realm.confidentialClient("rs", "rs-secret");
    }

    /** A token that reads the token API, already used by secret and exchanged for a JWT (so both are cached). */
    record Used(TestRealm realm, Reply token, String jwt) {

        static Used create(TestRealm realm, String owner, String name, List<String> scopes) {
            Reply token = realm.createToken(realm.login(owner), Map.of("name", name, "allowed_scopes", scopes));
            assertEquals(200, realm.api(token.text("token")).get("/api/v1/tokens").status(), "the secret works");
            Reply exchanged = realm.exchange(token.text("client_id"), token.text("token"));
            assertEquals(200, exchanged.status(), exchanged.body());
            String jwt = exchanged.text("access_token");
            assertEquals(200, realm.api(jwt).get("/api/v1/tokens").status(), "the JWT works");
            return new Used(realm, token, jwt);
        }

        String secret() {
            return token.text("token");
        }

        String clientUuid() {
            return realm.adminGet("/clients?clientId=" + token.text("client_id")).json().get(0).get("id").asText();
        }

        /** Every way of using the token is refused: exchange, the secret and the JWT as bearer, and introspection. */
        void assertRefused() {
            assertEquals(401, realm.exchange(token.text("client_id"), secret()).status(), "exchange");
            assertEquals(401, realm.api(secret()).get("/api/v1/tokens").status(), "the secret as bearer");
            assertEquals(401, realm.api(jwt).get("/api/v1/tokens").status(), "a JWT issued before, as bearer");
            assertEquals("{\"active\":false}", realm.introspect("rs", "rs-secret", secret()).body(), "introspection of the secret");
            assertEquals("{\"active\":false}", realm.introspect("rs", "rs-secret", jwt).body(), "introspection of the JWT");
        }

        void assertWorks() {
            assertEquals(200, realm.exchange(token.text("client_id"), secret()).status(), "exchange");
            assertEquals(200, realm.api(secret()).get("/api/v1/tokens").status(), "the secret as bearer");
            assertTrue(realm.introspect("rs", "rs-secret", secret()).json().get("active").asBoolean(), "introspection of the secret");
        }

        /** Neither the owner's API nor the extension's admin API knows the token any more. */
        void assertGone(String owner) {
            String id = token.text("id");
            assertEquals(404, realm.api(realm.login(owner)).get("/api/v1/token/" + id).status());
            assertEquals(404, realm.tokenAdmin().get("/tokens/" + id).status());
            assertFalse(realm.tokenAdmin().get("/tokens?max=1000").body().contains(id), "not listed");
            assertEquals(0, realm.adminGet("/clients?clientId=" + token.text("client_id")).json().size(), "client removed");
            assertEquals(404, realm.adminGet("/users/" + token.text("user_id")).status(), "API Token User removed");
        }
    }

    @Nested
    class AnAdministratorDeletesTheTokensClient {

        @Test
        void theTokenIsGoneAndNothingOfItIsAccepted() {
            Used used = Used.create(realm, "alice", "client deleted", List.of("token.read-all"));

            assertEquals(204, realm.admin().delete(realm.adminPath("/clients/" + used.clientUuid())).status());

            used.assertGone("alice");
            used.assertRefused();
        }
    }

    /** A token without its service account cannot be exchanged again; it goes, with its client. */
    @Nested
    class AnAdministratorDeletesTheApiTokenUser {

        @Test
        void theTokenIsDeletedWithItsClient() {
            Used used = Used.create(realm, "bob", "user deleted", List.of("token.read-all"));
            Used other = Used.create(realm, "bob", "bob's other", List.of("token.read-all"));

            assertEquals(204, realm.admin().delete(realm.adminPath("/users/" + used.token().text("user_id"))).status());

            used.assertGone("bob");
            used.assertRefused();
            other.assertWorks();
        }
    }

    /** {@link DeleteIT} checks the clients and users go; here, that nothing of the tokens is accepted afterwards. */
    @Nested
    class AnAdministratorDeletesTheOwner {

        @Test
        void everyTokenOfTheOwnerIsRefusedAndOthersStillWork() {
            Used first = Used.create(realm, "carol", "carol's first", List.of("token.read-all"));
            Used second = Used.create(realm, "carol", "carol's second", List.of("token.read-all"));
            Used dave = Used.create(realm, "dave", "dave's", List.of("token.read-all"));

            assertEquals(204, realm.admin().delete(realm.adminPath("/users/" + realm.userId("carol"))).status());

            first.assertRefused();
            second.assertRefused();
            assertEquals(0, realm.adminGet("/clients?clientId=" + second.token().text("client_id")).json().size());
            assertEquals(404, realm.tokenAdmin().get("/tokens/" + first.token().text("id")).status());
            dave.assertWorks();
        }
    }

    /** {@link DenialIT} checks exchange and introspection while disabled; here, the bearer and re-enabling too. */
    @Nested
    class AnAdministratorDisablesTheOwner {

        private void setEnabled(String username, boolean enabled) {
            ObjectNode user = (ObjectNode) realm.adminGet("/users/" + realm.userId(username)).json();
            user.put("enabled", enabled);
            assertEquals(204, realm.admin().putJson(realm.adminPath("/users/" + realm.userId(username)), user).status());
        }

        @Test
        void theTokensAreRefusedWhileDisabledAndWorkAgainOnceEnabled() {
            Used used = Used.create(realm, "erin", "erin's", List.of("token.read-all"));

            setEnabled("erin", false);
            used.assertRefused();
            assertEquals("owner_disabled", DenialIT.reason(realm.events("CLIENT_LOGIN_ERROR"), used.token().text("id")));

            setEnabled("erin", true);
            used.assertWorks();
            String fresh = realm.exchange(used.token().text("client_id"), used.secret()).text("access_token");
            assertEquals(200, realm.api(fresh).get("/api/v1/tokens").status(), "a JWT issued after");
            assertEquals(200, realm.api(used.jwt()).get("/api/v1/tokens").status(),
                    "a JWT issued before the owner was disabled is good again until it expires, as Keycloak's own");
        }
    }

    /** Its own realm: the scope is gone from the realm for good. */
    @Nested
    class AnAdministratorDeletesAClientScopeATokenHolds {

        @Test
        void theTokenLosesTheScopeAndItsJwtsStopWorking() {
            TestRealm scopes = keycloak.newRealm("scope-deleted");
            scopes.confidentialClient("rs", "rs-secret");
            Used used = Used.create(scopes, "alice", "two scopes", List.of("token.read-all", "groups.read"));
            String path = "/api/v1/token/" + used.token().text("id");
            Used untouched = Used.create(scopes, "alice", "other scope", List.of("token.read-all"));
            assertTrue(scopesOf(used.jwt()).contains("groups.read"));
            String scopeId = StreamSupport.stream(scopes.adminGet("/client-scopes").json().spliterator(), false)
                    .filter(scope -> "groups.read".equals(scope.get("name").asText()))
                    .findFirst().orElseThrow().get("id").asText();

            assertEquals(204, scopes.admin().delete(scopes.adminPath("/client-scopes/" + scopeId)).status());

            JsonNode token = scopes.api(scopes.login("alice")).get(path).json();
            assertEquals(List.of("token.read-all"), names(token.get("allowed_scopes")), token.toString());
            assertEquals(401, scopes.api(used.jwt()).get("/api/v1/tokens").status(), "a JWT issued with the scope");
            assertEquals("{\"active\":false}", scopes.introspect("rs", "rs-secret", used.jwt()).body());
            Reply exchanged = scopes.exchange(used.token().text("client_id"), used.secret());
            assertEquals(200, exchanged.status(), "the token itself still works");
            assertFalse(scopesOf(exchanged.text("access_token")).contains("groups.read"));
            assertEquals(200, scopes.api(exchanged.text("access_token")).get("/api/v1/tokens").status(), "a JWT issued after");
            assertEquals(200, scopes.api(untouched.jwt()).get("/api/v1/tokens").status(), "a token without the scope keeps its JWTs");
        }

        private static List<String> scopesOf(String jwt) {
            return List.of(Jwt.claims(jwt).get("scope").asText().split(" "));
        }

        private static List<String> names(JsonNode array) {
            return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).sorted().toList();
        }
    }

    /**
     * Another {@code clients} flow bound to the realm: the extension puts its authenticator into it in the same
     * transaction, so the tokens go on working; an administrator who sets it to DISABLED turns exchange off.
     */
    @Nested
    class AnAdministratorBindsAnotherClientsFlow {

        @Test
        void theAuthenticatorIsPutIntoTheNewFlowAndDisablingItTurnsExchangeOff() {
            TestRealm flows = keycloak.newRealm("other-flow");
            Used used = Used.create(flows, "alice", "flow", List.of("token.read-all"));
            assertEquals(201, flows.admin().postJson(flows.adminPath("/authentication/flows/clients/copy"),
                    Map.of("newName", "my clients")).status());
            JsonNode ours = ours(flows);
            if (ours != null) {
                assertEquals(204, flows.admin().delete(flows.adminPath("/authentication/executions/" + ours.get("id").asText())).status());
            }
            assertEquals(null, ours(flows), "the copy lacks our authenticator");

            flows.updateRealm(representation -> representation.put("clientAuthenticationFlow", "my clients"));

            assertEquals("my clients", flows.adminGet("").json().get("clientAuthenticationFlow").asText());
            JsonNode added = ours(flows);
            assertTrue(added != null, "put into the bound flow");
            assertEquals("ALTERNATIVE", added.get("requirement").asText());
            assertEquals(200, flows.exchange(used.token().text("client_id"), used.secret()).status(), "exchange still works");

            setRequirement(flows, added, "DISABLED");
            assertEquals("DISABLED", ours(flows).get("requirement").asText(), "left disabled");
            Reply refused = flows.exchange(used.token().text("client_id"), used.secret());
            assertEquals(401, refused.status(), refused.body());
            assertEquals("invalid_client", refused.text("error"));

            setRequirement(flows, ours(flows), "ALTERNATIVE");
            assertEquals(200, flows.exchange(used.token().text("client_id"), used.secret()).status());
        }

        private static JsonNode ours(TestRealm flows) {
            Reply executions = flows.adminGet("/authentication/flows/my%20clients/executions");
            assertEquals(200, executions.status(), executions.body());
            return StreamSupport.stream(executions.json().spliterator(), false)
                    .filter(execution -> "api-token".equals(execution.path("providerId").asText()))
                    .findFirst().orElse(null);
        }

        private static void setRequirement(TestRealm flows, JsonNode execution, String requirement) {
            ObjectNode changed = ((ObjectNode) execution).deepCopy();
            changed.put("requirement", requirement);
            Reply updated = flows.admin().putJson(flows.adminPath("/authentication/flows/my%20clients/executions"), changed);
            assertTrue(Set.of(202, 204).contains(updated.status()), updated.toString());
        }
    }

    @Nested
    class ARealmIsDeleted {

        @Test
        void itsTokensGoAndOtherRealmsTokensStillWork() {
            TestRealm doomed = keycloak.newRealm("doomed");
            doomed.confidentialClient("rs", "rs-secret");
            Used gone = Used.create(doomed, "alice", "in a deleted realm", List.of("token.read-all"));
            Used.create(doomed, "bob", "also there", List.of("token.read-all"));
            Used elsewhere = Used.create(realm, "fred", "in another realm", List.of("token.read-all"));
            String realmId = doomed.adminGet("").json().get("id").asText();

            assertEquals(204, keycloak.admin().delete("/admin/realms/" + doomed.name()).status());

            // the same name and the same id again: rows left behind would be this realm's tokens
            ObjectNode again = TestRealm.shippedRealm();
            again.put("realm", doomed.name());
            again.put("id", realmId);
            again.put("sslRequired", "none");
            assertEquals(201, keycloak.admin().postJson("/admin/realms", again).status());
            try {
                assertEquals(realmId, doomed.adminGet("").json().get("id").asText());
                doomed.confidentialClient("rs", "rs-secret");
                JsonNode listed = doomed.tokenAdmin().get("/tokens?max=1000").json();
                assertEquals(0, listed.get("tokens").size(), listed.toString());
                assertEquals(404, doomed.tokenAdmin().get("/tokens/" + gone.token().text("id")).status());
                gone.assertRefused();
                elsewhere.assertWorks();
                assertEquals(200, realm.api(elsewhere.jwt()).get("/api/v1/tokens").status());
            } finally {
                keycloak.admin().delete("/admin/realms/" + doomed.name());
            }
        }
    }
}
