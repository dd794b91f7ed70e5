package dev.kcapitokens.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.kcapitokens.it.support.Cluster;
import dev.kcapitokens.it.support.ClusterExtension;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * A revoke, a regeneration or a narrowed allowlist made on node 1 is refused on node 2 from the very next request on,
 * for the secret and for JWTs node 2 issued before the change. Node 2 has the token and its JWT in use (and cached)
 * when node 1 changes it, and a thread keeps sending the old credentials to node 2 throughout: every request that
 * started after node 1 answered and was accepted counts as stale.
 */
@ExtendWith(ClusterExtension.class)
class ChangeAcrossNodesIT {

    static final String RS = "rs";
    static final String RS_SECRET = "rs-secret";
    static final String ADDRESS = "203.0.113.5";
    static final int ROUNDS = 3;
    static final AtomicInteger STALE = new AtomicInteger();
    static final AtomicInteger CHECKED = new AtomicInteger();

    static TestRealm realm;
    static String alice;
    static OnNode node2;

    enum Change {
        REVOKE, REGENERATE, ALLOWLIST
    }

    @BeforeAll
    static void setUp(Cluster cluster) {
        realm = cluster.node(0).newRealm("cluster-change");
        alice = realm.login("alice");
        realm.confidentialClient(RS, RS_SECRET);
        realm.audienceOnScope("members.read", RS);
        node2 = OnNode.of(cluster, 1, realm);
    }

    @AfterAll
    static void report() {
        System.out.printf("cluster: stale requests accepted on node 2: %d of %d sent after node 1 answered%n", STALE.get(), CHECKED.get());
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void isRefusedOnTheOtherNodeAtOnce(Change change) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Reply token = realm.createToken(alice, Map.of("name", change + " " + round, "allowed_scopes", List.of("members.read"),
                    "allowed_ips", List.of("198.51.100.0/24", "203.0.113.0/24")));
            Reply exchanged = node2.exchange(ADDRESS, token);
            assertEquals(200, exchanged.status(), exchanged.body());
            String jwt = exchanged.text("access_token");
            assertTrue(node2.active(RS, RS_SECRET, jwt), "node 2 knows the JWT before the change");
            assertTrue(node2.active(RS, RS_SECRET, token.text("token")), "and the secret");

            List<BooleanSupplier> stale = new ArrayList<>(List.of(
                    () -> node2.exchange(ADDRESS, token).status() == 200,
                    () -> node2.active(RS, RS_SECRET, jwt)));
            if (change != Change.ALLOWLIST) { // introspection has no client address: the allowlist cannot apply to it
                stale.add(() -> node2.active(RS, RS_SECRET, token.text("token")));
            }
            long answered;
            Reply changed;
            try (Hammer hammer = new Hammer(stale)) {
                changed = change(change, token);
                answered = System.nanoTime();
                for (int again = 0; again < 5; again++) { // the very next requests on node 2, and a few more
                    for (BooleanSupplier request : stale) {
                        CHECKED.incrementAndGet();
                        if (request.getAsBoolean()) {
                            STALE.incrementAndGet();
                        }
                    }
                }
                hammer.stopAndCount(answered);
            }
            assertEquals(200, changed.status(), changed.body());
            if (change == Change.REGENERATE) {
                assertEquals(200, node2.exchange(ADDRESS, token.text("client_id"), changed.text("token")).status(), "the new secret works on node 2");
            }
            if (change == Change.ALLOWLIST) {
                assertEquals(200, node2.exchange("198.51.100.9", token).status(), "the address still allowed works on node 2");
            }
        }
        assertEquals(0, STALE.get(), "stale requests accepted on node 2");
    }

    static Reply change(Change change, Reply token) {
        String path = "/api/v1/token/" + token.text("id");
        return switch (change) {
            case REVOKE -> realm.api(alice).delete(path);
            case REGENERATE -> realm.api(alice).postJson(path + "/regenerate", Map.of());
            case ALLOWLIST -> realm.api(alice).patchJson(path, Map.of("version", token.json().get("version").asInt(),
                    "allowed_ips", List.of("198.51.100.0/24")));
        };
    }

    /** Sends the stale requests to node 2 over and over on a thread of its own (at most 2,000), noting when each started. */
    static final class Hammer implements AutoCloseable {

        private record Sent(long startedNanos, boolean accepted) {
        }

        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean stop;

        Hammer(List<BooleanSupplier> requests) {
            thread = new Thread(() -> {
                for (int i = 0; !stop && i < 2_000; i++) {
                    long started = System.nanoTime();
                    sent.add(new Sent(started, requests.get(i % requests.size()).getAsBoolean()));
                }
            }, "stale-requests");
            thread.start();
        }

        /** Stops, and counts the requests that started after {@code answeredNanos} into the figures. */
        void stopAndCount(long answeredNanos) throws InterruptedException {
            stop = true;
            thread.join(60_000);
            synchronized (sent) {
                for (Sent request : sent) {
                    if (request.startedNanos() > answeredNanos) {
                        CHECKED.incrementAndGet();
                        if (request.accepted()) {
                            STALE.incrementAndGet();
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(60_000);
        }
    }
}
