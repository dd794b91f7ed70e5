package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakServer;
import dev.kcapitokens.it.support.Parallel;
import dev.kcapitokens.it.support.Poll;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.Smtp;

/**
 * The changelog on production databases: a Keycloak built for PostgreSQL or MariaDB ({@code kc.sh build --db=...},
 * {@code start --optimized}) against the machine's local servers, in a fresh database per run. Checks the stored row
 * holds only a keyed hash of the secret, and that creating a token leaves the realm cache alone.
 */
class DatabaseIT {

    record Vendor(String database, String adminUrl, String urlPrefix, String user) {
    }

    static final Map<String, Vendor> VENDORS = Map.of(
            "postgres", new Vendor("postgres", "jdbc:postgresql://127.0.0.1:5432/postgres", "jdbc:postgresql://127.0.0.1:5432/", "postgres"),
            "mariadb", new Vendor("mariadb", "jdbc:mariadb://127.0.0.1:3306/", "jdbc:mariadb://127.0.0.1:3306/", "root"));

    /** The databases of this run: both by default; the pom gives each Keycloak distribution one of them (time). */
    static Stream<String> vendors() {
        return Stream.of(System.getProperty("it.databases", "postgres,mariadb").split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void changelogAppliesAndSecretsAreStoredHashed(String vendorName) throws Exception {
        Vendor vendor = VENDORS.get(vendorName);
        String database = "kcapitok_it_" + Long.toString(System.nanoTime(), 36);
        sql(vendor.adminUrl(), vendor.user(), "CREATE DATABASE " + database);
        String url = vendor.urlPrefix() + database;
        try (KeycloakServer server = KeycloakServer.start(new KeycloakServer.Options(
                "db-" + vendorName, vendor.database(), url, vendor.user(), null,
                List.of("--spi-api-token--jpa--last-used-flush-interval-ms=500",
                        "--spi-api-token-tasks--default--interval-seconds=2")))) {
            Http http = new Http(server.baseUrl());
            String demo = http.postForm("/realms/demo/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", "api-tokens-cli", "username", "demo", "password", "demo")).text("access_token");

            Reply created = http.bearer(demo).postJson("/realms/demo/api-tokens/api/v1/token",
                    Map.of("name", "stored", "allowed_scopes", List.of("members.read")));
            assertEquals(200, created.status(), created.body());
            String secret = created.text("token");
            Reply jwt = http.postForm("/realms/demo/protocol/openid-connect/token", Map.of(
                    "grant_type", "client_credentials", "client_id", created.text("client_id"), "client_secret", secret));
            assertEquals(200, jwt.status(), jwt.body());

            try (Connection db = DriverManager.getConnection(url, vendor.user(), null)) {
                assertSecretIsOnlyHashed(db, created.text("id"), secret);
                assertLastUseIsWrittenInBatches(db, http, created);
                assertRealmCacheSurvivesTokenCreation(db, http, demo);
            }
            assertPerUserLimitHoldsUnderConcurrency(http, demo, vendorName);
            assertEverythingWorksWithoutTheAdminConsoleTab(server);
            assertTasksRunOnSchedule(http);
            try (Connection db = DriverManager.getConnection(url, vendor.user(), null)) {
                assertRemovalsTakeTheOwnerLockRowsAlong(db, http);
            }
        } finally {
            sql(vendor.adminUrl(), vendor.user(), "DROP DATABASE " + database);
        }
    }

    private static void assertSecretIsOnlyHashed(Connection db, String tokenId, String secret) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT * FROM APITOK_TOKEN WHERE ID = ?")) {
            select.setString(1, tokenId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the token row exists");
                String randomPart = secret.substring(6, 38);
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    String value = row.getString(column);
                    if (value != null) {
                        assertFalse(value.contains(randomPart), "column " + row.getMetaData().getColumnName(column) + " holds the secret");
                    }
                }
                String hash = row.getString("SECRET_HASH");
                assertEquals(43, hash.length(), "an HMAC-SHA-256, base64url");
                assertNotEquals(secret, hash);
                assertEquals(secret.substring(secret.length() - 4), row.getString("SECRET_HINT"));
            }
        }
    }

    /** Many uses, no update of the token itself: the last use reaches the table by the periodic batch write. */
    private static void assertLastUseIsWrittenInBatches(Connection db, Http http, Reply token) throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(200, http.postForm("/realms/demo/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                    "client_id", token.text("client_id"), "client_secret", token.text("token"))).status());
        }
        long deadline = System.currentTimeMillis() + 10_000;
        Long lastUsed = null;
        while (lastUsed == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            try (PreparedStatement select = db.prepareStatement("SELECT LAST_USED_AT, LAST_USED_IP, VERSION FROM APITOK_TOKEN WHERE ID = ?")) {
                select.setString(1, token.text("id"));
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    lastUsed = (Long) row.getObject(1, Long.class);
                    if (lastUsed != null) {
                        assertEquals("127.0.0.1", row.getString(2));
                        assertEquals(0, row.getInt(3), "recording uses does not bump the token's version");
                    }
                }
            }
        }
        assertTrue(lastUsed != null, "the last use was written");
    }

    /**
     * Changes the realm's access token lifespan behind Keycloak's back. A realm cache flush would make the change visible;
     * creating a token must not, while clearing the realm cache (the control) does.
     */
    private static void assertRealmCacheSurvivesTokenCreation(Connection db, Http http, String demo) throws Exception {
        Http admin = adminOf(http);
        String cached = admin.get("/admin/realms/demo").text("accessTokenLifespan");
        try (PreparedStatement update = db.prepareStatement("UPDATE REALM SET ACCESS_TOKEN_LIFESPAN = ? WHERE NAME = 'demo'")) {
            update.setInt(1, 4242);
            assertEquals(1, update.executeUpdate());
        }
        if (!db.getAutoCommit()) {
            db.commit();
        }

        for (int i = 0; i < 3; i++) {
            assertEquals(200, http.bearer(demo).postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", "cache " + i)).status());
        }

        assertNotEquals("4242", cached);
        assertEquals(cached, admin.get("/admin/realms/demo").text("accessTokenLifespan"), "creating tokens flushed the realm cache");
        assertEquals(204, admin.postJson("/admin/realms/demo/clear-realm-cache", Map.of()).status());
        assertEquals("4242", admin.get("/admin/realms/demo").text("accessTokenLifespan"), "the control: a flush shows the change");
    }

    /**
     * The timer runs the expiry notices and the housekeeping by itself (every 2 s here), through Keycloak's cluster-aware
     * runner, with the queries of both on this database: a token expiring in a week gets its mail, once, although the
     * task runs again and again; a revoked token goes once the policy deletes ended tokens at once.
     */
    private static void assertTasksRunOnSchedule(Http http) {
        Http admin = adminOf(http);
        String demo = http.postForm("/realms/demo/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "api-tokens-cli", "username", "demo", "password", "demo")).text("access_token");
        try (Smtp smtp = Smtp.start()) {
            com.fasterxml.jackson.databind.node.ObjectNode realm = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/admin/realms/demo").json();
            com.fasterxml.jackson.databind.node.ObjectNode settings = realm.putObject("smtpServer");
            smtp.realmSettings().forEach(settings::put);
            assertEquals(204, admin.putJson("/admin/realms/demo", realm).status());
            assertEquals(200, admin.putJson("/admin/realms/demo/api-tokens/policy", Map.of("delete_ended_after_days", 0)).status());

            String weekAhead = java.time.Instant.now().plus(java.time.Duration.ofDays(7)).toString();
            Reply first = http.bearer(demo).postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", "scheduled notice 1", "expires_at", weekAhead));
            Reply ended = http.bearer(demo).postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", "scheduled cleanup"));
            assertEquals(200, http.bearer(demo).delete("/realms/demo/api-tokens/api/v1/token/" + ended.text("id")).status());

            smtp.awaitTo("demo@example.org", 1, java.time.Duration.ofSeconds(90));
            Poll.until("the scheduled housekeeping deletes the revoked token", java.time.Duration.ofSeconds(90),
                    () -> admin.get("/admin/realms/demo/api-tokens/tokens/" + ended.text("id")).status() == 404);
            // a later scheduled run mails the next token, and the first one still has its single mail
            http.bearer(demo).postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", "scheduled notice 2", "expires_at", weekAhead));
            smtp.awaitTo("demo@example.org", 2, java.time.Duration.ofSeconds(90));
            List<Smtp.Mail> mails = smtp.to("demo@example.org");
            assertEquals(1, mails.stream().filter(mail -> mail.subject().contains("\"scheduled notice 1\"")).count(), mails.toString());
            assertEquals(1, mails.stream().filter(mail -> mail.subject().contains("\"scheduled notice 2\"")).count(), mails.toString());
            assertTrue(mails.get(0).text().contains(first.text("client_id")), "the mail names the token's client: " + mails.get(0).text());
            assertFalse(mails.get(0).all().contains("/ui/#/tokens/"), "no link: the server's public address is unknown here");
        }
    }

    /** The owner's lock row on this database: 20 creations race for the last 3 places and exactly 3 get one. */
    private static void assertPerUserLimitHoldsUnderConcurrency(Http http, String demo, String vendorName) throws Exception {
        Http admin = adminOf(http);
        int held = http.bearer(demo).get("/realms/demo/api-tokens/api/v1/tokens?max=1").json().get("total").asInt();
        assertEquals(200, admin.putJson("/admin/realms/demo/api-tokens/policy", Map.of("max_tokens_per_user", held + 3)).status());
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(20);
        List<java.util.concurrent.Callable<Reply>> creates = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "raced " + i;
            creates.add(() -> {
                start.await();
                return http.bearer(demo).postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", name));
            });
        }
        List<Reply> replies = Parallel.send(creates);
        long created = replies.stream().filter(reply -> reply.status() == 200).count();
        replies.stream().filter(reply -> reply.status() != 200).forEach(reply -> assertEquals(400, reply.status(), reply.body()));
        System.out.printf("quota race on %s: 20 creates raced for 3 places, %d succeeded%n", vendorName, created);
        assertEquals(3, created, "creations that got through");
        assertEquals(held + 3, http.bearer(demo).get("/realms/demo/api-tokens/api/v1/tokens?max=1").json().get("total").asInt());
        assertEquals(200, admin.putJson("/admin/realms/demo/api-tokens/policy", Map.of()).status());
    }

    /** The per-owner lock rows of the quota go with their owner, and with their realm. */
    private static void assertRemovalsTakeTheOwnerLockRowsAlong(Connection db, Http http) throws SQLException {
        Http admin = adminOf(http);
        String realmId = admin.get("/admin/realms/demo").text("id");
        String demoId = admin.get("/admin/realms/demo/users?exact=true&username=demo").json().get(0).get("id").asText();
        assertEquals(1, count(db, "SELECT COUNT(*) FROM APITOK_OWNER_LOCK WHERE OWNER_ID = ?", demoId), "the quota race locked demo's row");
        assertEquals(204, admin.delete("/admin/realms/demo/users/" + demoId).status());
        assertEquals(0, count(db, "SELECT COUNT(*) FROM APITOK_OWNER_LOCK WHERE OWNER_ID = ?", demoId), "gone with the owner");

        Http other = http.bearer(http.postForm("/realms/demo/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "api-tokens-cli", "username", "demo-admin", "password", "demo-admin")).text("access_token"));
        // a per-user limit is what makes a creation lock its owner's row
        assertEquals(200, admin.putJson("/admin/realms/demo/api-tokens/policy", Map.of("max_tokens_per_user", 100)).status());
        assertEquals(200, other.postJson("/realms/demo/api-tokens/api/v1/token", Map.of("name", "last")).status());
        assertEquals(1, count(db, "SELECT COUNT(*) FROM APITOK_OWNER_LOCK WHERE REALM_ID = ?", realmId));
        assertEquals(204, admin.delete("/admin/realms/demo").status());
        assertEquals(0, count(db, "SELECT COUNT(*) FROM APITOK_OWNER_LOCK WHERE REALM_ID = ?", realmId), "gone with the realm");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM APITOK_TOKEN WHERE REALM_ID = ?", realmId));
    }

    private static long count(Connection db, String query, String parameter) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(query)) {
            select.setString(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Http adminOf(Http http) {
        Reply login = http.postForm("/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
        return http.bearer(login.text("access_token"));
    }

    /** These servers run without declarative-ui: no admin-console tab, and the policy and the page work all the same. */
    private static void assertEverythingWorksWithoutTheAdminConsoleTab(KeycloakServer server) {
        Http admin = Keycloak.of(server).admin();
        assertEquals(200, admin.putJson("/admin/realms/demo/api-tokens/policy", Map.of("max_lifetime", "P90D")).status());
        assertEquals("P90D", admin.get("/admin/realms/demo/api-tokens/policy").json().get("max_lifetime").asText());
        assertEquals(0, admin.get("/admin/realms/demo/components?type=org.keycloak.services.ui.extend.UiTabProvider").json().size());
        assertEquals(200, new Http(server.baseUrl()).get("/realms/demo/api-tokens/ui/").status());
    }

    private static void sql(String url, String user, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, null); Statement sql = connection.createStatement()) {
            sql.execute(statement.toLowerCase(Locale.ROOT));
        }
    }
}
