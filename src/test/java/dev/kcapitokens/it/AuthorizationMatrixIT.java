package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Every operation of the OpenAPI document, as every kind of caller, with the status each must get. The table below is
 * the specification: an operation the document has and the table lacks fails the test, and so does a row the document
 * does not have. Each cell acts on a fresh token of alice's, so a cell that succeeds never changes what a later cell
 * sees; every request is valid apart from who sends it, so the status measures authorization.
 *
 * <p>Callers: {@code anon} sends no credential; {@code other} is bob, a person of the realm who does not own the token;
 * {@code tok-} and {@code tok+} are JWTs exchanged for two of alice's tokens, the first holding none of the
 * {@code token.*} management scopes, the second all of them; {@code tadmin} holds the demo role {@code api-token-admin}
 * (view-users and manage-users); {@code radmin} holds realm-management's realm-admin; {@code foreign} is a realm-admin and
 * token administrator of another realm.
 */
@KeycloakIT
class AuthorizationMatrixIT {

    static final List<String> CALLERS = List.of("anon", "other", "tok-", "tok+", "tadmin", "radmin", "foreign");

    static final String MATRIX = """
            operation                                                                anon  other  tok-  tok+  tadmin  radmin  foreign
            GET    /realms/{realm}/api-tokens/openapi.json                            200    200   200   200     200     200      200
            POST   /realms/{realm}/api-tokens/revoke                                  200    200   200   200     200     200      200
            GET    /realms/{realm}/api-tokens/ui                                      301    301   301   301     301     301      301
            GET    /realms/{realm}/api-tokens/ui/{file}                               200    200   200   200     200     200      200
            GET    /realms/{realm}/api-tokens/api/v1/tokens                           401    200   403   200     200     200      401
            DELETE /realms/{realm}/api-tokens/api/v1/tokens                           401    403   403   200     200     200      401
            POST   /realms/{realm}/api-tokens/api/v1/token                            401    200   403   200     200     200      401
            GET    /realms/{realm}/api-tokens/api/v1/scopes                           401    200   403   200     200     200      401
            GET    /realms/{realm}/api-tokens/api/v1/policy                           401    200   403   200     200     200      401
            GET    /realms/{realm}/api-tokens/api/v1/token/{tokenId}                  401    404   403   200     200     200      401
            PATCH  /realms/{realm}/api-tokens/api/v1/token/{tokenId}                  401    404   403   200     403     403      401
            DELETE /realms/{realm}/api-tokens/api/v1/token/{tokenId}                  401    404   403   200     200     200      401
            POST   /realms/{realm}/api-tokens/api/v1/token/{tokenId}/regenerate       401    404   403   200     403     403      401
            GET    /realms/{realm}/api-tokens/api/v1/token/{tokenId}/scopes           401    404   403   200     200     200      401
            POST   /realms/{realm}/api-tokens/api/v1/token/{tokenId}/scopes           401    404   403   200     403     403      401
            DELETE /realms/{realm}/api-tokens/api/v1/token/{tokenId}/scopes           401    404   403   200     403     403      401
            DELETE /realms/{realm}/api-tokens/api/v1/token/{tokenId}/scopes/{scope}   401    404   403   200     403     403      401
            GET    /admin/realms/{realm}/api-tokens/policy                            401    403   403   403     403     200      403
            PUT    /admin/realms/{realm}/api-tokens/policy                            401    403   403   403     403     200      403
            POST   /admin/realms/{realm}/api-tokens/catalogue                         401    403   403   403     403     200      403
            GET    /admin/realms/{realm}/api-tokens/tokens                            401    403   403   403     200     200      403
            GET    /admin/realms/{realm}/api-tokens/tokens/{tokenId}                  401    403   403   403     200     200      403
            DELETE /admin/realms/{realm}/api-tokens/tokens/{tokenId}                  401    403   403   403     200     200      403
            POST   /admin/realms/{realm}/api-tokens/tasks/expiry-notices              401    403   403   403     403     200      403
            POST   /admin/realms/{realm}/api-tokens/tasks/housekeeping                401    403   403   403     403     200      403
            """;

    static final Set<String> MANAGEMENT_SCOPES = Set.of("token.create", "token.read", "token.read-all", "token.delete");

    static TestRealm realm;
    static TestRealm elsewhere;
    static String alice;
    static String asset;
    static final Map<String, String> bearers = new LinkedHashMap<>();
    static int catalogues;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("matrix");
        elsewhere = keycloak.newRealm("matrix-elsewhere");
        alice = realm.login("alice");
        bearers.put("other", realm.login("bob"));
        realm.user("tina", "api-token-admin");
        bearers.put("tadmin", realm.login("tina"));
        realm.grantRealmManagementRole("rita", "realm-admin");
        bearers.put("radmin", realm.login("rita"));
        elsewhere.user("mallory", "api-token-admin");
        elsewhere.grantRealmManagementRole("mallory", "realm-admin");
        bearers.put("foreign", elsewhere.login("mallory"));
        renewTokenCallers();
        Matcher script = Pattern.compile("app-[A-Za-z0-9]+\\.js").matcher(realm.api(null).get("/ui/").body());
        assertTrue(script.find(), "the page names its script");
        asset = script.group();
    }

    /** The token callers: JWTs exchanged for two fresh tokens of alice's, with and without the management scopes. */
    static void renewTokenCallers() {
        bearers.put("tok-", tokenJwt(List.of("members.read")));
        List<String> all = new ArrayList<>(List.of("members.read"));
        all.addAll(MANAGEMENT_SCOPES);
        bearers.put("tok+", tokenJwt(all));
    }

    static String tokenJwt(List<String> scopes) {
        Reply token = realm.createToken(alice, Map.of("name", "caller", "allowed_scopes", scopes));
        Reply jwt = realm.exchange(token.text("client_id"), token.text("token"));
        assertEquals(200, jwt.status(), jwt.body());
        return jwt.text("access_token");
    }

    record Row(String method, String template, Map<String, Integer> expected) {
        String operation() {
            return method + " " + template;
        }
    }

    static Map<String, Row> table() {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> lines = MATRIX.lines().skip(1).toList();
        for (String line : lines) {
            String[] cells = line.trim().split("\\s+");
            assertEquals(2 + CALLERS.size(), cells.length, "a row has a status for each caller: " + line);
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int i = 0; i < CALLERS.size(); i++) {
                expected.put(CALLERS.get(i), Integer.parseInt(cells[2 + i]));
            }
            Row row = new Row(cells[0], cells[1], expected);
            assertTrue(rows.put(row.operation(), row) == null, "one row per operation: " + row.operation());
        }
        return rows;
    }

    static Set<String> documentedOperations() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(Files.readString(OpenApiIT.CHECKED_IN)).get("paths");
        Set<String> operations = new LinkedHashSet<>();
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String template = it.next();
            for (Iterator<String> methods = paths.get(template).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!method.equals("parameters")) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + template);
                }
            }
        }
        return operations;
    }

    @Test
    void everyDocumentedOperationHasARowAndEveryRowAnOperation() throws Exception {
        Set<String> documented = documentedOperations();
        Set<String> rows = table().keySet();

        Set<String> withoutRow = new LinkedHashSet<>(documented);
        withoutRow.removeAll(rows);
        Set<String> withoutOperation = new LinkedHashSet<>(rows);
        withoutOperation.removeAll(documented);
        assertEquals(Set.of(), withoutRow, "operations of the document without a row in the matrix");
        assertEquals(Set.of(), withoutOperation, "rows of the matrix without an operation in the document");
    }

    @Test
    void everyCallerGetsTheExpectedStatusForEveryOperation() throws Exception {
        Set<String> documented = documentedOperations();
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Row row : table().values()) {
            if (!documented.contains(row.operation())) {
                continue; // the test above names it
            }
            for (String caller : CALLERS) {
                Reply reply = send(row, caller);
                int expected = row.expected().get(caller);
                if (reply.status() != expected) {
                    wrong.add("%s as %s: expected %d, got %s".formatted(row.operation(), caller, expected, reply));
                }
                cells++;
            }
            if (row.operation().equals("DELETE /realms/{realm}/api-tokens/api/v1/tokens")) {
                renewTokenCallers(); // deleting all of alice's tokens took the token callers' own tokens too
            }
        }
        System.out.printf("authorization matrix: %d operations x %d callers = %d cells%n", cells / CALLERS.size(), CALLERS.size(), cells);
        assertEquals(List.of(), wrong);
        assertEquals(documented.size() * CALLERS.size(), cells);
    }

    /** One cell: a fresh target token of alice's, then the operation's request as the caller. */
    static Reply send(Row row, String caller) {
        Reply target = realm.createToken(alice, Map.of("name", "target", "allowed_scopes", List.of("members.read")));
        String path = row.template().replace("{realm}", realm.name()).replace("{tokenId}", target.text("id"))
                .replace("{scope}", "members.read").replace("{file}", asset);
        Http http = realm.keycloak().http().from(realm.address());
        if (!caller.equals("anon")) {
            http = http.bearer(bearers.get(caller));
        }
        return switch (row.operation()) {
            case "POST /realms/{realm}/api-tokens/revoke" -> http.postForm(path, Map.of("token", target.text("token")));
            case "DELETE /realms/{realm}/api-tokens/api/v1/tokens" -> http.delete(path + "?owner=" + realm.userId("alice"));
            case "POST /realms/{realm}/api-tokens/api/v1/token" -> http.postJson(path, Map.of("name", "made", "allowed_scopes", List.of("members.read")));
            case "PATCH /realms/{realm}/api-tokens/api/v1/token/{tokenId}" -> http.patchJson(path, Map.of("name", "renamed", "version", target.json().get("version").asInt()));
            case "POST /realms/{realm}/api-tokens/api/v1/token/{tokenId}/regenerate" -> http.postJson(path, Map.of());
            case "POST /realms/{realm}/api-tokens/api/v1/token/{tokenId}/scopes" -> http.postJson(path, Map.of("allowed_scopes", List.of("token.read")));
            case "PUT /admin/realms/{realm}/api-tokens/policy" -> http.putJson(path, Map.of());
            case "POST /admin/realms/{realm}/api-tokens/catalogue" -> http.postJson(path, Map.of("clientScopes",
                    List.of(Map.of("name", "matrix-" + (++catalogues) + ".read", "protocol", "openid-connect"))));
            case "POST /admin/realms/{realm}/api-tokens/tasks/expiry-notices",
                 "POST /admin/realms/{realm}/api-tokens/tasks/housekeeping" -> http.postJson(path, Map.of());
            default -> switch (row.method()) {
                case "GET" -> http.get(path);
                case "DELETE" -> http.delete(path);
                default -> throw new AssertionError("no request for " + row.operation() + ": add one to send()");
            };
        };
    }
}
