package dev.kcapitokens.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A realm of the shared server, imported from the shipped {@code realm-config/demo-realm.json} under a unique name,
 * with helpers for its users, the token API and the token endpoint. Each realm presents its own client address
 * ({@link #address()}) so that failed attempts in one test class never throttle another.
 */
public final class TestRealm {

    public static final String CLI_CLIENT = "api-tokens-cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Keycloak keycloak;
    private final String name;
    private final String address;
    private final Map<String, String> userIds = new HashMap<>();

    private TestRealm(Keycloak keycloak, String name) {
        this.keycloak = keycloak;
        this.name = name;
        this.address = "10.%d.%d.%d".formatted(COUNTER.incrementAndGet() % 250 + 1,
                ThreadLocalRandom.current().nextInt(1, 250), ThreadLocalRandom.current().nextInt(1, 250));
    }

    static TestRealm create(Keycloak keycloak, String prefix) {
        String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
        ObjectNode realm = shippedRealm(name);
        realm.put("realm", name);
        realm.put("sslRequired", "none");
        Reply reply = keycloak.admin().postJson("/admin/realms", realm);
        if (reply.status() != 201) {
            throw new AssertionError("realm import failed: " + reply);
        }
        return new TestRealm(keycloak, name);
    }

    public static ObjectNode shippedRealm() {
        return shippedRealm("demo");
    }

    /** The shipped realm, its built-in consoles' URLs ({@code /realms/demo/…}, {@code /admin/demo/…}) renamed too. */
    static ObjectNode shippedRealm(String name) {
        Path file = Path.of(System.getProperty("kc.realm.config", "realm-config"), "demo-realm.json");
        try {
            String text = Files.readString(file).replace("/realms/demo/", "/realms/" + name + "/").replace("/admin/demo/", "/admin/" + name + "/");
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public Keycloak keycloak() {
        return keycloak;
    }

    /** The client address this realm's requests present by default. */
    public String address() {
        return address;
    }

    /** The admin API of this realm: {@code /admin/realms/{name}} + path. */
    public Reply adminGet(String path) {
        return keycloak.admin().get("/admin/realms/" + name + path);
    }

    public Http admin() {
        return keycloak.admin();
    }

    public String adminPath(String path) {
        return "/admin/realms/" + name + path;
    }

    /** Creates a user with password {@code <username>-pw} and the given realm roles; returns its id. */
    public String user(String username, String... realmRoles) {
        return userIds.computeIfAbsent(username, u -> {
            Http admin = keycloak.admin();
            Reply created = admin.postJson(adminPath("/users"), Map.of(
                    "username", u, "enabled", true, "email", u + "@example.org", "emailVerified", true,
                    "firstName", u, "lastName", "Test",
                    "credentials", List.of(Map.of("type", "password", "value", u + "-pw", "temporary", false))));
            if (created.status() != 201) {
                throw new AssertionError("user creation failed: " + created);
            }
            String location = created.header("Location");
            String id = location.substring(location.lastIndexOf('/') + 1);
            for (String role : realmRoles) {
                JsonNode roleRep = admin.get(adminPath("/roles/" + role)).json();
                Reply mapped = admin.postJson(adminPath("/users/" + id + "/role-mappings/realm"), List.of(roleRep));
                if (mapped.status() != 204) {
                    throw new AssertionError("role mapping failed: " + mapped);
                }
            }
            return id;
        });
    }

    public String userId(String username) {
        return userIds.get(username);
    }

    /** Gives the user realm-management's manage-users role. */
    public void grantManageUsers(String username) {
        grantRealmManagementRole(username, "manage-users");
    }

    /** Gives the user a role of realm-management, e.g. {@code view-users}. */
    public void grantRealmManagementRole(String username, String roleName) {
        Http admin = keycloak.admin();
        String userId = user(username);
        String managementId = admin.get(adminPath("/clients?clientId=realm-management")).json().get(0).get("id").asText();
        JsonNode role = admin.get(adminPath("/clients/" + managementId + "/roles/" + roleName)).json();
        Reply mapped = admin.postJson(adminPath("/users/" + userId + "/role-mappings/clients/" + managementId), List.of(role));
        if (mapped.status() != 204) {
            throw new AssertionError("client role mapping failed: " + mapped);
        }
    }

    /** A bearer token for the user (creating it if needed), from the shipped public CLI client. */
    public String login(String username) {
        user(username);
        Reply reply = keycloak.http().postForm(path("/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", CLI_CLIENT, "username", username, "password", username + "-pw"));
        if (reply.status() != 200) {
            throw new AssertionError("login failed for " + username + ": " + reply);
        }
        return reply.text("access_token");
    }

    /** {@code /realms/{name}} + path. */
    public String path(String path) {
        return "/realms/" + name + path;
    }

    /** The token API ({@code /realms/{name}/api-tokens}) with a bearer token, or anonymous when null. */
    public Http api(String bearer) {
        Http http = new Http(keycloak.baseUrl() + path("/api-tokens")).from(address);
        return bearer == null ? http : http.bearer(bearer);
    }

    /** The extension's admin API ({@code /admin/realms/{name}/api-tokens}) as the master realm's admin. */
    public Http tokenAdmin() {
        return keycloak.admin().withBase(keycloak.baseUrl() + adminPath("/api-tokens"));
    }

    /** Creates a token through the API and fails unless that works; the reply holds the secret in {@code token}. */
    public Reply createToken(String bearer, Map<String, ?> body) {
        Reply reply = api(bearer).postJson("/api/v1/token", body);
        if (reply.status() != 200) {
            throw new AssertionError("token creation failed: " + reply);
        }
        return reply;
    }

    /**
     * Creates a token that expires within seconds and returns once the server reports it expired. The window grows
     * when the machine is too slow to create the token before it would lapse, so the test never depends on timing.
     */
    public Reply createExpiredToken(String bearer, Map<String, ?> body) {
        for (long seconds = 2; ; seconds *= 2) {
            Map<String, Object> withExpiry = new HashMap<>(body);
            withExpiry.put("expires_at", java.time.Instant.now().plusSeconds(seconds).toString());
            Reply reply = api(bearer).postJson("/api/v1/token", withExpiry);
            if (reply.status() == 200) {
                Poll.until("token " + reply.text("id") + " expires", java.time.Duration.ofSeconds(seconds + 60),
                        () -> "expired".equals(api(bearer).get("/api/v1/token/" + reply.text("id")).text("status")));
                return reply;
            }
            if (reply.status() != 400 || seconds > 60) {
                throw new AssertionError("token creation failed: " + reply);
            }
        }
    }

    /** client_credentials at the token endpoint, credentials in the form, from this realm's address. */
    public Reply exchange(String clientId, String secret) {
        return exchangeFrom(address, clientId, secret);
    }

    public Reply exchangeFrom(String clientAddress, String clientId, String secret) {
        return keycloak.http().from(clientAddress).postForm(path("/protocol/openid-connect/token"), Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** Creates an ordinary confidential client with a client secret and a service account (a resource server, say). */
    public void confidentialClient(String clientId, String secret) {
        Reply created = keycloak.admin().postJson(adminPath("/clients"), Map.of(
                "clientId", clientId, "enabled", true, "publicClient", false, "secret", secret,
                "clientAuthenticatorType", "client-secret", "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false));
        if (created.status() != 201) {
            throw new AssertionError("client creation failed: " + created);
        }
    }

    /**
     * Puts {@code audienceClientId} into the {@code aud} of every JWT that carries the client scope {@code scopeName}
     * (an audience mapper on the scope), so that the client may introspect those JWTs: Keycloak 26.7 answers
     * {@code {"active":false}} to an introspecting client outside the JWT's audience.
     */
    public void audienceOnScope(String scopeName, String audienceClientId) {
        JsonNode scope = StreamSupport.stream(adminGet("/client-scopes").json().spliterator(), false)
                .filter(s -> scopeName.equals(s.get("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no client scope " + scopeName));
        addAudienceMapper("/client-scopes/" + scope.get("id").asText(), audienceClientId);
    }

    /** The same for every JWT issued to the client {@code clientId} (an audience mapper on the client). */
    public void audienceOnClient(String clientId, String audienceClientId) {
        String uuid = adminGet("/clients?clientId=" + clientId).json().get(0).get("id").asText();
        addAudienceMapper("/clients/" + uuid, audienceClientId);
    }

    private void addAudienceMapper(String owner, String audienceClientId) {
        Reply created = keycloak.admin().postJson(adminPath(owner + "/protocol-mappers/models"), Map.of(
                "name", "audience " + audienceClientId, "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", audienceClientId, "access.token.claim", "true",
                        "introspection.token.claim", "true")));
        if (created.status() != 201) {
            throw new AssertionError("audience mapper creation failed: " + created);
        }
    }

    /** RFC 7662 introspection at Keycloak's standard endpoint, as the given client, with no token_type_hint. */
    public Reply introspect(String clientId, String clientSecret, String token) {
        return keycloak.http()
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (clientId + ":" + clientSecret).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .postForm(path("/protocol/openid-connect/token/introspect"), Map.of("token", token));
    }

    /** Stored login events of the realm, newest first. */
    public JsonNode events(String... types) {
        StringBuilder query = new StringBuilder("?max=200");
        for (String type : types) {
            query.append("&type=").append(type);
        }
        return adminGet("/events" + query).json();
    }

    /** How many of the realm's stored denials of the token ({@code CLIENT_LOGIN_ERROR}) have a reason that matches. */
    public long tokenDenials(Reply token, java.util.function.Predicate<String> reason) {
        return java.util.stream.StreamSupport.stream(events("CLIENT_LOGIN_ERROR").spliterator(), false)
                .filter(e -> token.text("id").equals(e.at("/details/api_token_id").asText()))
                .filter(e -> reason.test(e.at("/details/reason").asText()))
                .count();
    }

    /** Changes the realm's settings: its representation as the admin API shows it, changed and put back whole. */
    public void updateRealm(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode representation = (ObjectNode) adminGet("").json();
        change.accept(representation);
        Reply updated = keycloak.admin().putJson(adminPath(""), representation);
        if (updated.status() != 204) {
            throw new AssertionError("realm update failed: " + updated);
        }
    }

    /** Stored admin events of the realm, newest first. */
    public JsonNode adminEvents() {
        return adminGet("/admin-events?max=200").json();
    }
}
