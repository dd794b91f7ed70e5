package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** The page is served from the JAR with a strict CSP, and every realm gets the public PKCE client it signs in with. */
@KeycloakIT
class PageServingIT {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    static TestRealm realm;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("page");
    }

    @Test
    void pageIsServedWithAStrictContentSecurityPolicyAndNoInlineScript() {
        Reply page = realm.keycloak().http().get(realm.path("/api-tokens/ui/"));

        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertEquals(CSP, page.header("Content-Security-Policy"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        assertTrue(page.header("Cache-Control").contains("no-store"));
        assertTrue(page.body().contains("data-realm=\"" + realm.name() + "\""));
        assertTrue(page.body().contains("data-client=\"api-tokens-ui\""));
        Matcher scripts = Pattern.compile("<script[^>]*>").matcher(page.body());
        int count = 0;
        while (scripts.find()) {
            assertTrue(scripts.group().contains(" src=\"./app-"), scripts.group());
            count++;
        }
        assertEquals(1, count);
        assertFalse(page.body().contains("style=\""), "no inline styles either");
    }

    @Test
    void pageUsesPatternFlyFromKeycloakItself() {
        String body = realm.keycloak().http().get(realm.path("/api-tokens/ui/")).body();
        Matcher css = Pattern.compile("href=\"(/resources/[^\"]+/patternfly-v5/patternfly\\.min\\.css)\"").matcher(body);
        assertTrue(css.find(), body);

        Reply patternfly = realm.keycloak().http().get(css.group(1));
        assertEquals(200, patternfly.status());
        assertTrue(patternfly.body().contains(".pf-v5-c-table"));
    }

    @Test
    void assetsAreServedForGoodAndUnknownFilesAre404() {
        String body = realm.keycloak().http().get(realm.path("/api-tokens/ui/")).body();
        Matcher script = Pattern.compile("src=\"\\./(app-[A-Z0-9]+\\.js)\"").matcher(body);
        assertTrue(script.find(), body);

        Reply js = realm.keycloak().http().get(realm.path("/api-tokens/ui/" + script.group(1)));
        assertEquals(200, js.status());
        assertTrue(js.header("Content-Type").startsWith("text/javascript"));
        assertTrue(js.header("Cache-Control").contains("max-age=31536000"));
        assertEquals(CSP, js.header("Content-Security-Policy"));

        for (String missing : List.of("nope.js", "index.html", "..%2Fopenapi.json", "app.exe")) {
            Reply reply = realm.keycloak().http().get(realm.path("/api-tokens/ui/" + missing));
            assertEquals(404, reply.status(), missing);
        }
        assertEquals("not_found", realm.keycloak().http().get(realm.path("/api-tokens/ui/nope.js")).text("error"));
    }

    @Test
    void pathWithoutTheSlashRedirectsToThePage() {
        Reply reply = realm.keycloak().http().get(realm.path("/api-tokens/ui"));
        assertEquals(301, reply.status());
        assertTrue(reply.header("Location").endsWith(realm.path("/api-tokens/ui/")), reply.header("Location"));
    }

    @Test
    void everyRealmGetsThePublicPkceClientOfThePage() {
        for (String path : List.of(realm.adminPath(""), "/admin/realms/demo", "/admin/realms/master")) {
            JsonNode clients = realm.admin().get(path + "/clients?clientId=api-tokens-ui").json();
            assertEquals(1, clients.size(), path);
            JsonNode client = clients.get(0);
            String name = path.substring(path.lastIndexOf('/') + 1);
            assertTrue(client.get("publicClient").asBoolean());
            assertTrue(client.get("standardFlowEnabled").asBoolean());
            assertFalse(client.get("implicitFlowEnabled").asBoolean());
            assertFalse(client.get("directAccessGrantsEnabled").asBoolean());
            assertFalse(client.get("serviceAccountsEnabled").asBoolean());
            assertEquals("S256", client.at("/attributes/pkce.code.challenge.method").asText());
            assertEquals(List.of("/realms/" + name + "/api-tokens/ui/"), ReferenceApiIT.strings(client.get("redirectUris")));
            assertTrue(client.get("alwaysDisplayInConsole").asBoolean(), "listed under Applications in the account console");
            assertTrue(ReferenceApiIT.strings(client.get("defaultClientScopes")).contains("basic"), "the realm's default scopes");
        }
    }

    @Test
    void loginRefusesRedirectsAnywhereElseAndCodesWithoutPkce() {
        Reply elsewhere = realm.keycloak().http().get(realm.path("/protocol/openid-connect/auth?client_id=api-tokens-ui&response_type=code"
                + "&scope=openid&code_challenge=abcabcabcabcabcabcabcabcabcabcabcabcabcabca&code_challenge_method=S256"
                + "&redirect_uri=http%3A%2F%2Fevil.example%2F"));
        assertEquals(400, elsewhere.status());
        assertTrue(elsewhere.body().contains("Invalid parameter: redirect_uri"), elsewhere.body());

        Reply noPkce = realm.keycloak().http().get(realm.path("/protocol/openid-connect/auth?client_id=api-tokens-ui&response_type=code"
                + "&scope=openid&redirect_uri=" + java.net.URLEncoder.encode(realm.keycloak().baseUrl() + realm.path("/api-tokens/ui/"),
                java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(302, noPkce.status());
        assertTrue(noPkce.header("Location").contains("error=invalid_request"), noPkce.header("Location"));
    }
}
