package dev.kcapitokens.it.support;

import java.util.List;
import java.util.Map;

/**
 * The shared test server (one per {@code mvn verify}, started on first use) and the master-realm admin API.
 * The server trusts {@code X-Forwarded-For} from 127.0.0.1 only, so tests can present any client address.
 */
public final class Keycloak implements AutoCloseable {

    private final KeycloakServer server;

    Keycloak(KeycloakServer server) {
        this.server = server;
    }

    /** A handle on a server started elsewhere (the benchmark starts its own). */
    public static Keycloak of(KeycloakServer server) {
        return new Keycloak(server);
    }

    static Keycloak startShared() {
        return new Keycloak(KeycloakServer.start(KeycloakServer.Options.devFile("shared", List.of(
                "--proxy-headers=xforwarded",
                // the admin console's extension tabs (Realm settings -> API tokens); everything else works without
                "--features=declarative-ui",
                "--proxy-trusted-addresses=127.0.0.1",
                "--spi-client-authenticator--api-token--max-failures-per-address=5",
                "--spi-client-authenticator--api-token--max-failures-per-token=12",
                "--spi-api-token--jpa--last-used-flush-interval-ms=1000",
                "--metrics-enabled=true",
                "--spi-api-token--jpa--metrics-count-interval-ms=1000",
                // tests run the expiry notices and the housekeeping through the admin API, so that no scheduled run
                // interleaves; DatabaseIT's servers check the schedule
                "--spi-api-token-tasks--default--interval-seconds=86400"))));
    }

    public KeycloakServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Http http() {
        return new Http(server.baseUrl());
    }

    /** The admin REST API as the bootstrap admin of the master realm. */
    public Http admin() {
        Reply reply = http().postForm("/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD));
        if (reply.status() != 200) {
            throw new AssertionError("admin login failed: " + reply);
        }
        return http().bearer(reply.text("access_token"));
    }

    /** A fresh realm imported from {@code realm-config/demo-realm.json} under a unique name. */
    public TestRealm newRealm(String prefix) {
        return TestRealm.create(this, prefix);
    }

    @Override
    public void close() {
        server.close();
    }
}
