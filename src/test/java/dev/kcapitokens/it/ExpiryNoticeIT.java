package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Poll;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.Smtp;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Expiry notices, mailed through a real SMTP server (GreenMail) that the test starts and the realm's SMTP settings
 * point at. The tests run the task through the admin API ({@code POST .../tasks/expiry-notices}); the shared server
 * schedules it too rarely to interfere. Each scenario has a realm of its own, so the run's counts are its own.
 */
@KeycloakIT
class ExpiryNoticeIT {

    static final DateTimeFormatter MAIL_EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static Keycloak keycloak;
    static Smtp smtp;

    @BeforeAll
    static void setUp(Keycloak server) {
        keycloak = server;
        smtp = Smtp.start();
    }

    @AfterAll
    static void tearDown() {
        smtp.close();
    }

    /** A realm that mails through the test's server, with the server's address as its Frontend URL (for the link). */
    static TestRealm mailRealm(String prefix, String emailTheme) {
        TestRealm realm = keycloak.newRealm(prefix);
        realm.updateRealm(representation -> {
            representation.set("smtpServer", representation.objectNode().setAll(smtpSettings()));
            ObjectNode attributes = representation.has("attributes") ? (ObjectNode) representation.get("attributes")
                    : representation.putObject("attributes");
            attributes.put("frontendUrl", keycloak.baseUrl());
            if (emailTheme != null) {
                representation.put("emailTheme", emailTheme);
            }
        });
        return realm;
    }

    private static Map<String, JsonNode> smtpSettings() {
        Map<String, JsonNode> settings = new HashMap<>();
        smtp.realmSettings().forEach((key, value) -> settings.put(key, com.fasterxml.jackson.databind.node.TextNode.valueOf(value)));
        return settings;
    }

    /** Runs the task for the realm now; a run in progress elsewhere (409) is waited out. */
    static JsonNode runNotices(TestRealm realm) {
        Reply[] reply = new Reply[1];
        Poll.until("the expiry notice task runs", Duration.ofSeconds(60), () -> {
            reply[0] = realm.tokenAdmin().postJson("/tasks/expiry-notices", Map.of());
            return reply[0].status() != 409;
        });
        assertEquals(200, reply[0].status(), reply[0].body());
        return reply[0].json();
    }

    static Reply token(TestRealm realm, String bearer, String name, Instant expiresAt, List<String> scopes) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "allowed_scopes", scopes));
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return realm.createToken(bearer, body);
    }

    static Instant inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS);
    }

    @Test
    void aTokenExpiringInSevenDaysGetsExactlyOneMailAcrossTwoRuns() {
        TestRealm realm = mailRealm("notice-once", null);
        String alice = realm.login("alice");
        Reply soon = token(realm, alice, "ci deploy", inDays(7), List.of("members.read"));
        token(realm, alice, "later", inDays(30), List.of("members.read"));
        token(realm, alice, "forever", null, List.of("members.read"));

        JsonNode first = runNotices(realm);
        JsonNode second = runNotices(realm);

        assertTrue(first.get("enabled").asBoolean(), first.toString());
        assertEquals(1, first.get("sent").asInt(), first.toString());
        assertEquals(0, second.get("sent").asInt(), second.toString());
        List<Smtp.Mail> mails = smtp.to("alice@example.org");
        assertEquals(1, mails.size(), mails.toString());
        assertTrue(mails.get(0).subject().contains("\"ci deploy\""), mails.get(0).subject());
        assertTrue(mails.get(0).all().contains(soon.text("id")), "the mail is about that token (its page link names it)");
    }

    @Test
    void theMailNamesTheTokenItsExpiryAndScopesLinksItsPageAndHoldsNoSecret() {
        TestRealm realm = mailRealm("notice-content", null);
        String carol = realm.login("carol");
        Reply created = realm.createToken(carol, Map.of("name", "Deploy <b>bot</b> & co", "description", "nightly deploys",
                "expires_at", inDays(3).toString(), "allowed_scopes", List.of("members.read", "groups.read")));
        String secret = created.text("token");

        assertEquals(1, runNotices(realm).get("sent").asInt());

        Smtp.Mail mail = smtp.awaitTo("carol@example.org", 1, Duration.ofSeconds(30)).get(0);
        String expiry = MAIL_EXPIRY.format(Instant.parse(created.text("expires_at")));
        String link = keycloak.baseUrl() + "/realms/" + realm.name() + "/api-tokens/ui/#/tokens/" + created.text("id");
        assertEquals("Your API token \"Deploy <b>bot</b> & co\" expires on " + expiry, mail.subject());
        for (String body : List.of(mail.text(), mail.html())) {
            assertTrue(body.contains(expiry), body);
            assertTrue(body.contains("members.read") && body.contains("groups.read"), body);
            assertTrue(body.contains("nightly deploys"), body);
            assertTrue(body.contains(link), body);
            assertTrue(body.contains("in 3 days"), body);
        }
        assertTrue(mail.text().contains("Deploy <b>bot</b> & co"), mail.text());
        assertTrue(mail.html().contains("Deploy &lt;b&gt;bot&lt;/b&gt; &amp; co"), "the name is escaped in HTML: " + mail.html());
        assertFalse(mail.html().contains("<b>bot</b>"), mail.html());
        assertFalse(mail.all().contains(secret), "the secret");
        assertFalse(mail.all().contains(secret.substring(6, 38)), "the secret's random part");
        assertFalse(mail.all().contains("kcpat_"), "no token value of any kind");
    }

    @Test
    void anOwnerWithoutEmailGetsNoneAndTheLogSaysWhy() {
        TestRealm realm = mailRealm("notice-no-email", null);
        String dave = realm.login("dave");
        Reply created = token(realm, dave, "no mail", inDays(7), List.of("members.read"));
        String userPath = realm.adminPath("/users/" + realm.userId("dave"));
        ObjectNode user = (ObjectNode) realm.admin().get(userPath).json();
        user.put("email", "");
        assertEquals(204, realm.admin().putJson(userPath, user).status());

        JsonNode run = runNotices(realm);

        assertEquals(0, run.get("sent").asInt(), run.toString());
        assertEquals(1, run.get("skipped").asInt(), run.toString());
        assertTrue(smtp.to("dave@example.org").isEmpty());
        assertTrue(smtp.all().stream().noneMatch(mail -> mail.all().contains(created.text("id"))));
        String line = "no expiry notice for api token realm=" + realm.name() + " token=" + created.text("id");
        Poll.until("the server log says why", Duration.ofSeconds(30), () -> keycloak.server().logText().contains(line));
        String logged = keycloak.server().logText().lines().filter(l -> l.contains(line)).findFirst().orElseThrow();
        assertTrue(logged.contains("the owner has no e-mail address"), logged);
        assertFalse(logged.contains(created.text("token")), logged);
        assertEquals(0, runNotices(realm).get("skipped").asInt(), "the skipped notice is not tried again");
    }

    @Test
    void aRegeneratedTokenStartsOverAndAnUpdateDoesNot() {
        TestRealm realm = mailRealm("notice-regen", null);
        String erin = realm.login("erin");
        Reply created = token(realm, erin, "rolling", inDays(7), List.of("members.read"));
        String path = "/api/v1/token/" + created.text("id");
        assertEquals(1, runNotices(realm).get("sent").asInt());

        Reply renamed = realm.api(erin).patchJson(path, Map.of("version", created.json().get("version").asInt(), "name", "rolling 2"));
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(0, runNotices(realm).get("sent").asInt(), "a rename is no new expiry");

        // the same expiry instant as before: the regeneration alone starts the notices over
        Reply regenerated = realm.api(erin).postJson(path + "/regenerate", Map.of("expires_at", created.text("expires_at")));
        assertEquals(200, regenerated.status(), regenerated.body());
        assertEquals(created.text("expires_at"), regenerated.text("expires_at"));
        assertEquals(1, runNotices(realm).get("sent").asInt(), "the regenerated token gets its notice again");
        assertEquals(0, runNotices(realm).get("sent").asInt());

        List<Smtp.Mail> mails = smtp.to("erin@example.org");
        assertEquals(2, mails.size(), mails.toString());
        assertTrue(mails.get(1).subject().contains("rolling 2"), mails.get(1).subject());
        assertFalse(mails.get(1).all().contains(regenerated.text("token")));
    }

    @Test
    void anExpiredTokenGetsTheNoticeOfTheDayOfExpiry() {
        TestRealm realm = mailRealm("notice-expired", null);
        String frank = realm.login("frank");
        Reply expired = realm.createExpiredToken(frank, Map.of("name", "lapsed", "allowed_scopes", List.of("members.read")));

        JsonNode run = runNotices(realm);

        assertEquals(1, run.get("sent").asInt(), run.toString());
        Smtp.Mail mail = smtp.awaitTo("frank@example.org", 1, Duration.ofSeconds(30)).get(0);
        assertEquals("Your API token \"lapsed\" has expired", mail.subject());
        assertTrue(mail.text().contains("expired on " + MAIL_EXPIRY.format(Instant.parse(expired.text("expires_at")))), mail.text());
        assertEquals(0, runNotices(realm).get("sent").asInt());
    }

    @Test
    void aRealmsEmailThemeOverridesTheTemplateAndTheMessages() throws IOException {
        String theme = "notice-theme-" + Long.toString(System.nanoTime(), 36);
        Path email = keycloak.server().themesDir().resolve(theme).resolve("email");
        Files.createDirectories(email.resolve("html"));
        Files.createDirectories(email.resolve("text"));
        Files.createDirectories(email.resolve("messages"));
        Files.writeString(email.resolve("theme.properties"), "parent=keycloak\n");
        Files.writeString(email.resolve("html/api-token-expiry.ftl"), "<p>ACME HTML notice for ${apiToken.name}, ${apiToken.expiresAtIso}</p>\n");
        Files.writeString(email.resolve("text/api-token-expiry.ftl"),
                "<#ftl output_format=\"plainText\">\nACME text notice for ${apiToken.name}: ${msg(\"apiTokenExpiresLabel\")} ${apiToken.expiresAt}\n");
        Files.writeString(email.resolve("messages/messages_en.properties"),
                "apiTokenExpiringSubject=ACME: {0} runs out on {1}\napiTokenExpiresLabel=Runs out\n");
        TestRealm realm = mailRealm("notice-theme", theme);
        String grace = realm.login("grace");
        Reply created = token(realm, grace, "themed", inDays(7), List.of("members.read"));

        assertEquals(1, runNotices(realm).get("sent").asInt());

        Smtp.Mail mail = smtp.awaitTo("grace@example.org", 1, Duration.ofSeconds(30)).get(0);
        assertTrue(mail.subject().startsWith("ACME: themed runs out on "), mail.subject());
        assertTrue(mail.html().contains("ACME HTML notice for themed, " + created.text("expires_at")), mail.html());
        assertTrue(mail.text().contains("ACME text notice for themed: Runs out "), mail.text());
        assertFalse(mail.all().contains("regenerate the token"), "the shipped template's text is not used");
    }

    @Test
    void aRealmCanSelectTheShippedTheme() {
        TestRealm realm = mailRealm("notice-shipped", "api-tokens");
        assertEquals("api-tokens", realm.adminGet("").json().get("emailTheme").asText());
        String heidi = realm.login("heidi");
        token(realm, heidi, "shipped", inDays(1), List.of("members.read"));

        assertEquals(1, runNotices(realm).get("sent").asInt());

        Smtp.Mail mail = smtp.awaitTo("heidi@example.org", 1, Duration.ofSeconds(30)).get(0);
        assertTrue(mail.subject().startsWith("Your API token \"shipped\" expires on"), mail.subject());
        assertTrue(mail.text().contains("regenerate the token"), mail.text());
    }

    @Test
    void offWithoutSmtpSettingsOrNoticeDays() {
        TestRealm plain = keycloak.newRealm("notice-off");
        String ivan = plain.login("ivan");
        token(plain, ivan, "unmailed", inDays(7), List.of("members.read"));
        JsonNode noSmtp = runNotices(plain);
        assertFalse(noSmtp.get("enabled").asBoolean(), noSmtp.toString());
        assertEquals("the realm has no SMTP server configured", noSmtp.get("disabled_because").asText());

        TestRealm mailing = mailRealm("notice-nodays", null);
        String judy = mailing.login("judy");
        token(mailing, judy, "unmailed too", inDays(7), List.of("members.read"));
        assertEquals(200, mailing.tokenAdmin().putJson("/policy", Map.of("expiry_notice_days", List.of())).status());
        JsonNode noDays = runNotices(mailing);
        assertFalse(noDays.get("enabled").asBoolean(), noDays.toString());
        assertEquals(0, noDays.get("sent").asInt());
        assertTrue(smtp.to("ivan@example.org").isEmpty() && smtp.to("judy@example.org").isEmpty());

        assertEquals(200, mailing.tokenAdmin().putJson("/policy", Map.of("expiry_notice_days", List.of(30, 7, 0))).status());
        assertEquals(List.of(30, 7, 0), toInts(mailing.tokenAdmin().get("/policy").json().get("expiry_notice_days")));
        assertEquals(1, runNotices(mailing).get("sent").asInt(), "with notice days again, the notice goes out");
    }

    @Test
    void runningItNeedsManageRealmAndTakesNoOptions() {
        TestRealm realm = keycloak.newRealm("notice-auth");
        realm.grantRealmManagementRole("viewer", "view-realm");
        String viewer = realm.login("viewer");
        Reply refused = keycloak.http().bearer(viewer).postJson(realm.adminPath("/api-tokens/tasks/expiry-notices"), Map.of());
        assertEquals(403, refused.status(), refused.body());

        Reply withOptions = realm.tokenAdmin().postJson("/tasks/expiry-notices", Map.of("dry_run", true));
        assertEquals(400, withOptions.status(), withOptions.body());
        assertEquals("dry_run", withOptions.json().get("field").asText());
    }

    @Test
    void thePolicyRefusesBadNoticeDays() {
        TestRealm realm = keycloak.newRealm("notice-policy");
        for (Object bad : List.of(List.of(-1), List.of(366), List.of(7, 7), "7", List.of("7"),
                List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))) {
            Reply reply = realm.tokenAdmin().putJson("/policy", Map.of("expiry_notice_days", bad));
            assertEquals(400, reply.status(), bad + " -> " + reply.body());
            assertTrue(reply.json().get("field").asText().startsWith("expiry_notice_days"), reply.body());
        }
        assertEquals(List.of(7, 0), toInts(realm.tokenAdmin().get("/policy").json().get("expiry_notice_days")), "the default, unchanged");
    }

    private static List<Integer> toInts(JsonNode array) {
        List<Integer> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values;
    }
}
