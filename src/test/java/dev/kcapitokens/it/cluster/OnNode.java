package dev.kcapitokens.it.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.kcapitokens.it.support.Cluster;
import dev.kcapitokens.it.support.Http;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/** A realm of the cluster as seen through one node: its token endpoint, introspection and token API. */
record OnNode(TestRealm realm, String baseUrl) {

    static OnNode of(Cluster cluster, int node, TestRealm realm) {
        return new OnNode(realm, cluster.node(node).baseUrl());
    }

    Reply exchange(String address, String clientId, String secret) {
        return new Http(baseUrl).from(address).postForm(realm.path("/protocol/openid-connect/token"), Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    Reply exchange(String address, Reply token) {
        return exchange(address, token.text("client_id"), token.text("token"));
    }

    /** RFC 7662 introspection as the given resource server. */
    Reply introspect(String clientId, String clientSecret, String token) {
        return new Http(baseUrl)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))
                .postForm(realm.path("/protocol/openid-connect/token/introspect"), Map.of("token", token));
    }

    boolean active(String clientId, String clientSecret, String token) {
        Reply reply = introspect(clientId, clientSecret, token);
        if (reply.status() != 200) {
            throw new AssertionError("introspection failed: " + reply);
        }
        return reply.json().get("active").asBoolean();
    }

    /** The token API ({@code /realms/{name}/api-tokens}) of this node with a bearer token, from the realm's address. */
    Http api(String bearer) {
        return new Http(baseUrl + realm.path("/api-tokens")).from(realm.address()).bearer(bearer);
    }
}
