package dev.kcapitokens.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.Cluster;
import dev.kcapitokens.it.support.ClusterExtension;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * A node dies and comes back: node 2 SIGKILLed while threads send exchanges and introspections to node 1 costs node 1
 * no request; a last use seen only by node 2 is on record when it dies a little more than the flush interval later;
 * after node 2, and then both nodes, start again every token works on both, and one revoked meanwhile stays refused;
 * a node stopped in order writes the last uses it has not flushed yet.
 */
@ExtendWith(ClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeDeathIT {

    static final String RS = "rs";
    static final String RS_SECRET = "rs-secret";
    static final int TOKENS = 6;
    static final int THREADS = 4;
    static final String LAST_USE_ADDRESS = "192.0.2.55";

    static Cluster cluster;
    static TestRealm realm;
    static String alice;
    static final List<Reply> tokens = new ArrayList<>();
    static Reply usedOnNode2;
    static Reply revokedWhileDown;

    @BeforeAll
    static void setUp(Cluster theCluster) {
        cluster = theCluster;
        realm = cluster.node(0).newRealm("cluster-death");
        alice = realm.login("alice");
        realm.confidentialClient(RS, RS_SECRET);
        realm.audienceOnScope("members.read", RS);
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(realm.createToken(alice, Map.of("name", "load " + i, "allowed_scopes", List.of("members.read"))));
        }
        usedOnNode2 = realm.createToken(alice, Map.of("name", "used on node 2 only", "allowed_scopes", List.of("members.read")));
        revokedWhileDown = realm.createToken(alice, Map.of("name", "revoked while node 2 is down"));
    }

    static OnNode node(int index) {
        return OnNode.of(cluster, index, realm);
    }

    @Test
    @Order(1)
    void nodeTwoKilledUnderLoadCostsNodeOneNoRequestAndItsLastUseIsOnRecord() throws Exception {
        JsonNode unused = realm.api(alice).get("/api/v1/token/" + usedOnNode2.text("id")).json();
        assertTrue(unused.path("last_used_at").isMissingNode() || unused.path("last_used_at").isNull(), "not used yet: " + unused);
        Instant used = Instant.now();
        assertEquals(200, node(1).exchange(LAST_USE_ADDRESS, usedOnNode2).status());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger afterDeath = new AtomicInteger();
        AtomicBoolean dead = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            load.add(pool.submit(() -> {
                OnNode node1 = node(0);
                for (int i = 0; !stop.get() && i < 5_000; i++) {
                    Reply token = tokens.get((thread + i) % TOKENS);
                    boolean ok;
                    try {
                        ok = i % 2 == 0
                                ? node1.exchange(realm.address(), token).status() == 200
                                : node1.active(RS, RS_SECRET, token.text("token"));
                    } catch (RuntimeException | AssertionError e) {
                        ok = false;
                    }
                    sent.incrementAndGet();
                    if (dead.get()) {
                        afterDeath.incrementAndGet();
                    }
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        try {
            // a little more than the flush interval after the use, as the README bounds the loss
            sleepUntil(used.plus(Cluster.FLUSH_INTERVAL).plusMillis(1_500));
            cluster.kill(1);
            dead.set(true);
            Instant killed = Instant.now();
            // on through the other node's failure detection
            sleepUntil(killed.plusSeconds(10));
        } finally {
            stop.set(true);
            for (Future<?> thread : load) {
                thread.get(2, TimeUnit.MINUTES);
            }
            pool.shutdownNow();
        }
        System.out.printf("cluster: requests lost on node 1 when node 2 was SIGKILLed: %d of %d (%d after the kill)%n",
                errors.get(), sent.get(), afterDeath.get());
        assertEquals(0, errors.get(), "requests to node 1 that failed");
        assertTrue(afterDeath.get() > 0, "load went on after the kill");

        JsonNode shown = realm.api(alice).get("/api/v1/token/" + usedOnNode2.text("id")).json();
        assertEquals(LAST_USE_ADDRESS, shown.path("last_used_ip").asText(), "node 1 shows the last use node 2 saw: " + shown);
        Instant lastUsed = Instant.parse(shown.path("last_used_at").asText());
        assertTrue(Duration.between(used, lastUsed).abs().toSeconds() < 5, lastUsed + " vs " + used);

        assertEquals(200, realm.api(alice).delete("/api/v1/token/" + revokedWhileDown.text("id")).status());
    }

    @Test
    @Order(2)
    void afterNodeTwoRestartsEveryTokenWorks() {
        cluster.restart(1);
        assertEveryTokenWorksOnBothNodes();
    }

    /** A use that no flush has written yet is written when the node shuts down in order, however soon that is. */
    @Test
    @Order(3)
    void afterBothNodesStopAndStartEveryTokenWorksAndNoLastUseIsLost() {
        List<String> addresses = List.of("192.0.2.61", "192.0.2.62");
        for (int n = 0; n < Cluster.SIZE; n++) {
            assertEquals(200, node(n).exchange(addresses.get(n), tokens.get(n)).status());
        }
        cluster.stop(0);
        cluster.stop(1);
        cluster.restart(0, 1);

        for (int n = 0; n < Cluster.SIZE; n++) {
            JsonNode shown = realm.api(realm.login("alice")).get("/api/v1/token/" + tokens.get(n).text("id")).json();
            assertEquals(addresses.get(n), shown.path("last_used_ip").asText(), "the last use node " + (n + 1) + " saw before it stopped: " + shown);
        }
        assertEveryTokenWorksOnBothNodes();
    }

    static void assertEveryTokenWorksOnBothNodes() {
        List<Reply> all = new ArrayList<>(tokens);
        all.add(usedOnNode2);
        for (int n = 0; n < Cluster.SIZE; n++) {
            OnNode node = node(n);
            for (Reply token : all) {
                Reply exchanged = node.exchange(realm.address(), token);
                assertEquals(200, exchanged.status(), "node " + (n + 1) + ": " + exchanged);
                assertTrue(node.active(RS, RS_SECRET, exchanged.text("access_token")), "node " + (n + 1) + ": its JWT");
                assertTrue(node.active(RS, RS_SECRET, token.text("token")), "node " + (n + 1) + ": the secret");
            }
            assertEquals(401, node.exchange(realm.address(), revokedWhileDown).status(),
                    "node " + (n + 1) + ": the token revoked while node 2 was down");
        }
    }

    static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
