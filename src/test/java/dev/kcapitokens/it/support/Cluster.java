package dev.kcapitokens.it.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two Keycloak nodes as an operator runs them: the same distribution and JAR as the shared server, built for
 * PostgreSQL ({@code kc.sh build --db=postgres}, {@code start --optimized}) on one fresh database of the local server,
 * embedded Infinispan on loopback with jdbc-ping discovery (Keycloak's default stack). Both nodes share one
 * {@code --hostname} (node 1's URL), so a JWT issued by one node carries the issuer the other expects. Proxy and
 * throttle options are those of the shared server; the last-use flush interval is Keycloak's default (5 s).
 * A node can be SIGKILLed and started again; {@link #awaitFormed} waits until both nodes see a view of two.
 */
public final class Cluster implements AutoCloseable {

    public static final int SIZE = 2;
    public static final int PER_ADDRESS = 5;
    public static final int PER_TOKEN = 12;
    /** The last-use flush interval the nodes run with: the default of {@code last-used-flush-interval-ms}. */
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String USER = "postgres";
    private static final Duration FORMING = Duration.ofMinutes(3);
    /**
     * Infinispan's ISPN000094 line, {@code ... cluster view for channel ISPN: [node-1|3] (2) [node-1, node-2]}, and
     * ISPN000093 after a partition healed, {@code ... MERGED cluster view for channel ISPN: MergeView::[node-2|1] (2) ...}.
     */
    private static final Pattern VIEW = Pattern.compile("cluster view for channel \\S+: (?:MergeView::)?\\[[^]]*] \\((\\d+)\\)");

    private final String database;
    private final KeycloakServer[] servers = new KeycloakServer[SIZE];
    private final Keycloak[] nodes = new Keycloak[SIZE];
    /** Where each node's log stood when a node last started: the view that counts is logged after it. */
    private final long[] viewsFrom = new long[SIZE];

    private Cluster(String database) {
        this.database = database;
    }

    static Cluster start() {
        long began = System.nanoTime();
        Cluster cluster = new Cluster("kcapitok_cluster_" + Long.toString(System.nanoTime(), 36));
        sql("CREATE DATABASE " + cluster.database);
        try {
            int[] ports = {KeycloakServer.freePort(), KeycloakServer.freePort()};
            // one kc.sh build: the second node starts on a copy of the first one's built installation
            cluster.servers[0] = KeycloakServer.start(cluster.options(0, ports[0]), ports[0]);
            cluster.servers[1] = KeycloakServer.startCopyOf(cluster.servers[0], cluster.options(1, ports[0]), ports[1]);
            for (int i = 0; i < SIZE; i++) {
                cluster.nodes[i] = Keycloak.of(cluster.servers[i]);
            }
            cluster.awaitFormed();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        System.out.printf("cluster: 2 nodes formed in %d s%n", Duration.ofNanos(System.nanoTime() - began).toSeconds());
        return cluster;
    }

    private KeycloakServer.Options options(int index, int hostnamePort) {
        return new KeycloakServer.Options("cluster-node-" + (index + 1), "postgres",
                "jdbc:postgresql://127.0.0.1:5432/" + database, USER, null, List.of(
                "--hostname=http://127.0.0.1:" + hostnamePort,
                "--proxy-headers=xforwarded",
                "--proxy-trusted-addresses=127.0.0.1",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + KeycloakServer.freePort(),
                "--spi-cache-embedded--default--node-name=node-" + (index + 1),
                "--spi-client-authenticator--api-token--max-failures-per-address=" + PER_ADDRESS,
                "--spi-client-authenticator--api-token--max-failures-per-token=" + PER_TOKEN,
                "--spi-api-token-tasks--default--interval-seconds=86400"));
    }

    /** Node 0 or 1: its HTTP address and admin API. */
    public Keycloak node(int index) {
        return nodes[index];
    }

    public boolean running(int index) {
        return servers[index].running();
    }

    /** SIGKILLs the node's JVM (and its {@code kc.sh}) and checks that the JVM is gone. */
    public void kill(int index) {
        long jvm = servers[index].javaPid();
        servers[index].kill();
        if (ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("the JVM " + jvm + " of node " + (index + 1) + " survived SIGKILL");
        }
    }

    /** Stops the node as an operator would (SIGTERM, Keycloak shuts down in order). */
    public void stop(int index) {
        servers[index].close();
    }

    /**
     * Starts the stopped nodes again on their installations and ports, one after the other (nodes started at the same
     * instant each form a cluster of their own and merge only later); returns once the cluster formed.
     */
    public void restart(int... indexes) {
        markViews();
        for (int index : indexes) {
            servers[index].restart(servers[index].extraArgs());
        }
        awaitFormed();
    }

    /** Restarts whatever node is down, so that each test class starts on a whole cluster. */
    void ensureFormed() {
        List<Integer> down = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            if (!servers[i].running()) {
                down.add(i);
            }
        }
        if (!down.isEmpty()) {
            restart(down.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** Waits until every node has logged, since the last start, a view and its latest view has both nodes. */
    public void awaitFormed() {
        Poll.until("both nodes see a cluster view of " + SIZE, FORMING, () -> {
            for (int i = 0; i < SIZE; i++) {
                if (latestView(i) != SIZE) {
                    return false;
                }
            }
            return true;
        });
    }

    private void markViews() {
        for (int i = 0; i < SIZE; i++) {
            try {
                viewsFrom[i] = Files.size(servers[i].log());
            } catch (IOException e) {
                viewsFrom[i] = 0;
            }
        }
    }

    /** The member count of the latest view the node logged since {@link #viewsFrom}, or 0 when none. */
    private int latestView(int index) {
        int members = 0;
        try (RandomAccessFile log = new RandomAccessFile(servers[index].log().toFile(), "r")) {
            log.seek(Math.min(viewsFrom[index], log.length()));
            byte[] rest = new byte[(int) (log.length() - log.getFilePointer())];
            log.readFully(rest);
            Matcher view = VIEW.matcher(new String(rest, StandardCharsets.UTF_8));
            while (view.find()) {
                members = Integer.parseInt(view.group(1));
            }
        } catch (IOException e) {
            return 0;
        }
        return members;
    }

    @Override
    public void close() {
        for (KeycloakServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
        sql("DROP DATABASE IF EXISTS " + database);
    }

    private static void sql(String statement) {
        try (Connection db = DriverManager.getConnection(ADMIN_URL, USER, null); Statement st = db.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " failed", e);
        }
    }
}
