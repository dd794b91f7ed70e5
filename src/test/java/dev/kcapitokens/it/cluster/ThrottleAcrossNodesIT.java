package dev.kcapitokens.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import dev.kcapitokens.it.support.Cluster;
import dev.kcapitokens.it.support.ClusterExtension;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * Failure limits hold for the cluster, not per node: wrong secrets alternated between the nodes are refused after the
 * configured number in total, the per-token back-off set by failures on both nodes holds on both, and an address that
 * used the token on one node is known on the other.
 */
@ExtendWith(ClusterExtension.class)
class ThrottleAcrossNodesIT {

    static TestRealm realm;
    static String alice;
    static OnNode[] nodes;

    @BeforeAll
    static void setUp(Cluster cluster) {
        realm = cluster.node(0).newRealm("cluster-throttle");
        alice = realm.login("alice");
        nodes = new OnNode[] {OnNode.of(cluster, 0, realm), OnNode.of(cluster, 1, realm)};
    }

    static long throttledEvents(Reply token) {
        return realm.tokenDenials(token, "throttled"::equals);
    }

    @Test
    void wrongSecretsAlternatedBetweenTheNodesAreRefusedAfterTheLimitInTotal() {
        Reply token = realm.createToken(alice, Map.of("name", "alternated"));
        Reply other = realm.createToken(alice, Map.of("name", "wrong key"));
        String attacker = "203.0.113.70";
        int attempts = 4 * Cluster.PER_ADDRESS;

        for (int i = 0; i < attempts; i++) {
            assertEquals(401, nodes[i % 2].exchange(attacker, token.text("client_id"), other.text("token")).status());
        }

        long allowed = attempts - throttledEvents(token);
        System.out.printf("cluster: failures allowed across the cluster for one token and address: %d (configured %d)%n",
                allowed, Cluster.PER_ADDRESS);
        assertEquals(Cluster.PER_ADDRESS, allowed, "failures examined across both nodes");
        for (OnNode node : nodes) {
            assertEquals(401, node.exchange(attacker, token).status(), "the guessing address is refused on every node");
        }
        assertEquals(200, nodes[1].exchange("192.0.2.80", token).status(), "the holder from a new address gets in");
    }

    @Test
    void theBackOffSetOnBothNodesHoldsOnBoth() {
        Reply token = realm.createToken(alice, Map.of("name", "sprayed"));
        Reply other = realm.createToken(alice, Map.of("name", "spray key"));

        for (int i = 0; i < Cluster.PER_TOKEN; i++) {
            assertEquals(401, nodes[i % 2].exchange("198.51.100." + (i + 1), token.text("client_id"), other.text("token")).status());
        }
        // under back-off: one failure on node 1 refuses the address on node 2 too
        assertEquals(401, nodes[0].exchange("198.51.100.200", token.text("client_id"), other.text("token")).status());
        assertEquals(401, nodes[1].exchange("198.51.100.200", token).status());

        assertEquals(Cluster.PER_TOKEN + 1, examinedFailures(token), "every attempt was examined until the back-off");
        assertEquals(200, nodes[1].exchange("192.0.2.81", token).status(), "an address that never failed gets in");
    }

    /** The denials of the token that examined the secret: all but the throttled ones. */
    static long examinedFailures(Reply token) {
        return realm.tokenDenials(token, reason -> !"throttled".equals(reason));
    }

    @Test
    void anAddressThatSucceededOnNodeOneIsKnownOnNodeTwo() {
        Reply token = realm.createToken(alice, Map.of("name", "known"));
        Reply other = realm.createToken(alice, Map.of("name", "typo"));
        String known = "192.0.2.90";
        String stranger = "192.0.2.91";
        assertEquals(200, nodes[0].exchange(known, token).status());

        for (int i = 0; i < 2 * Cluster.PER_ADDRESS; i++) { // only on node 2, which never saw the address succeed
            assertEquals(401, nodes[1].exchange(known, token.text("client_id"), other.text("token")).status());
            assertEquals(401, nodes[1].exchange(stranger, token.text("client_id"), other.text("token")).status());
        }

        assertEquals(200, nodes[1].exchange(known, token).status(), "the address known from node 1 is not throttled on node 2");
        assertEquals(401, nodes[1].exchange(stranger, token).status(), "the control: an address never seen succeeding is");
        assertEquals(Cluster.PER_ADDRESS + 1, throttledEvents(token), "only the stranger's attempts beyond the limit were refused");
    }
}
