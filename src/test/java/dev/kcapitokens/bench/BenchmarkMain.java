package dev.kcapitokens.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.kcapitokens.bench.LoadRun.Result;
import dev.kcapitokens.bench.LoadRun.Scenario;
import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakServer;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * The benchmark behind {@code bench/run.sh}: starts a real Keycloak (the dist, as the tests do) with the JAR, seeds a
 * realm, drives load over loopback from this process, prints a table and writes {@code bench/results/<date>.md}.
 *
 * <p>Everything is measured side by side in one run on one server: token exchange against a native confidential
 * client's client_credentials grant, introspection of a token against introspection of a native JWT and against
 * {@code GET /realms/{realm}}; then creation, listing and exchange with 1k, 10k and 100k tokens in the realm, with
 * Keycloak's default caches and with the cache sizes README recommends.
 *
 * <p>Options ({@code -Dbench.args="..."}): {@code --sizes=1000,10000,100000 --threads=8 --warmup=5 --measure=10
 * --rounds=2 --seed-threads=8 --no-jmh --tuned-realms=... --tuned-users=... --out=<file>.md}; {@code --credential} runs
 * only the table of the token as a credential (the secret as bearer, introspection of the secret with events off and on);
 * {@code --scale} only the figures of {@link ScaleBenchmark} ({@code --scale-tokens=100000 --scale-rounds=2 --bulk=10000
 * --spray=1000000 --spray-depth=16}).
 */
public final class BenchmarkMain {

    private final Map<String, String> options;
    private final List<String> report = new ArrayList<>();
    private final int threads;
    private final Duration warmup;
    private final Duration measure;

    private KeycloakServer server;
    private Keycloak keycloak;
    private TestRealm realm;
    private String host;
    private int port;
    private String adminBearer;
    private final List<String[]> tokens = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ownerBearers = new ArrayList<>();
    /** The exchange of the single token of the first table, measured again next to every working-set run. */
    private Scenario oneTokenExchange;
    /** Exchange requests of the current working set: 10% of the tokens, chosen once per size. */
    private List<byte[]> workingSet = List.of();

    private BenchmarkMain(Map<String, String> options) {
        this.options = options;
        this.threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        this.warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
        this.measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("measure", "10")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new BenchmarkMain(options).run();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        line("# Benchmark " + ZonedDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        line("");
        line("Keycloak 26.5.6 `start-dev` (embedded H2), the extension JAR, load from a separate JVM over loopback with "
                + threads + " keep-alive connections (closed loop), " + Runtime.getRuntime().availableProcessors()
                + " cores shared by server and load generator, Java " + System.getProperty("java.version") + ". "
                + "The realm stores admin events (one per token change) but not login events. "
                + "Measured " + measure.toSeconds() + " s per scenario after " + warmup.toSeconds() + " s of warm-up.");
        line("");
        if (!options.containsKey("no-jmh")) {
            microBenchmark();
        }

        server = KeycloakServer.start(KeycloakServer.Options.devFile("bench",
                options.containsKey("scale") ? ScaleBenchmark.SERVER_ARGS : List.of()));
        keycloak = Keycloak.of(server);
        host = "127.0.0.1";
        port = server.httpPort();
        setUpRealm();

        if (options.containsKey("scale")) {
            new ScaleBenchmark(options, server, realm, ownerBearers, this::line, this::writeQuietly, threads, measure).run();
        } else if (options.containsKey("credential")) {
            credential();
        } else {
            double firstExchange = sideBySide();
            scale(firstExchange);
        }

        line("");
        line("Whole run: " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s.");
        server.close();
        write();
    }

    // ---------------------------------------------------------------- set-up

    private void setUpRealm() {
        realm = keycloak.newRealm("bench");
        // login events off: every exchange would add a row, and millions of them would slow the later figures down
        Reply settings = realm.admin().putJson(realm.adminPath(""), Map.of("accessTokenLifespan", 3600, "eventsEnabled", false));
        check(settings.status() == 204, "realm update: " + settings);
        realm.confidentialClient("native", "native-secret");
        realm.confidentialClient("rs", "rs-secret");
        realm.user("bench-admin", "api-token-admin");
        adminBearer = realm.login("bench-admin");
        for (int i = 0; i < 10; i++) {
            ownerBearers.add(realm.login("owner-" + i));
        }
    }

    // ---------------------------------------------------------------- side by side

    private double sideBySide() {
        Reply token = realm.createToken(ownerBearers.get(0), Map.of("name", "bench one", "allowed_scopes", List.of("members.read")));
        String patClient = token.text("client_id");
        String patSecret = token.text("token");
        String nativeJwt = realm.exchange("native", "native-secret").text("access_token");
        check(realm.introspect("rs", "rs-secret", patSecret).json().get("active").asBoolean(), "PAT introspects active");
        check(realm.introspect("rs", "rs-secret", nativeJwt).json().get("active").asBoolean(), "JWT introspects active");

        String tokenPath = realm.path("/protocol/openid-connect/token");
        String introspectPath = tokenPath + "/introspect";
        Predicate<HttpConnection> jwt = c -> c.bodyContains("\"access_token\"");
        Predicate<HttpConnection> active = c -> c.bodyContains("\"active\":true");
        oneTokenExchange = fixed("API token exchange (1 token)",
                HttpConnection.postForm(host, port, tokenPath, exchangeForm(patClient, patSecret), null, null, true), jwt, true);
        List<Scenario> keepAlive = List.of(
                fixed("native client_credentials", HttpConnection.postForm(host, port, tokenPath, exchangeForm("native", "native-secret"), null, null, true), jwt, true),
                fixed("API token exchange", HttpConnection.postForm(host, port, tokenPath, exchangeForm(patClient, patSecret), null, null, true), jwt, true),
                fixed("introspect native JWT", HttpConnection.postForm(host, port, introspectPath, "token=" + nativeJwt, "rs", "rs-secret", true), active, true),
                fixed("introspect API token", HttpConnection.postForm(host, port, introspectPath, "token=" + encode(patSecret), "rs", "rs-secret", true), active, true),
                fixed("GET /realms/{realm}", HttpConnection.get(host, port, realm.path(""), null, true), c -> c.bodyContains("public_key"), true));
        List<Scenario> close = List.of(
                fixed("native client_credentials", HttpConnection.postForm(host, port, tokenPath, exchangeForm("native", "native-secret"), null, null, false), jwt, false),
                fixed("API token exchange", HttpConnection.postForm(host, port, tokenPath, exchangeForm(patClient, patSecret), null, null, false), jwt, false));

        Duration serverWarmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("server-warmup", "15")));
        System.out.println("warming the server up: " + serverWarmup.toSeconds() + " s per scenario");
        for (Scenario scenario : keepAlive) {
            LoadRun.run(host, port, scenario, threads, Duration.ZERO, serverWarmup, Long.MAX_VALUE);
        }
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Map<String, List<Result>> results = rounds(keepAlive, rounds);
        Map<String, List<Result>> closed = rounds(close, rounds);

        line("## Token use against native Keycloak (one token in the realm)");
        line("");
        line("After " + serverWarmup.toSeconds() + " s of warm-up load per scenario, each scenario ran " + rounds + " times, "
                + "interleaved, in a rotating order; the table shows the mean throughput and the mean of the percentiles.");
        line("");
        line("| scenario | connections | req/s | p50 ms | p99 ms | errors |");
        line("| --- | --- | ---: | ---: | ---: | ---: |");
        results.forEach((name, list) -> row(name, "keep-alive", list));
        closed.forEach((name, list) -> row(name, "new per request", list));
        double exchange = mean(results.get("API token exchange"));
        double nativeCc = mean(results.get("native client_credentials"));
        double patIntrospection = mean(results.get("introspect API token"));
        double jwtIntrospection = mean(results.get("introspect native JWT"));
        double realmGet = mean(results.get("GET /realms/{realm}"));
        double exchangeClosed = mean(closed.get("API token exchange"));
        double nativeClosed = mean(closed.get("native client_credentials"));
        line("");
        line("| ratio | value | target |");
        line("| --- | ---: | --- |");
        line("| API token exchange / native client_credentials (keep-alive) | " + ratio(exchange, nativeCc) + " | >= 1.0 |");
        line("| API token exchange / native client_credentials (new connection per request) | " + ratio(exchangeClosed, nativeClosed) + " | >= 1.0 |");
        line("| introspect API token / introspect native JWT | " + ratio(patIntrospection, jwtIntrospection) + " | >= 1.0 |");
        line("| introspect API token / GET /realms/{realm} (the ceiling) | " + ratio(patIntrospection, realmGet) + " | - |");
        line("| introspect native JWT / GET /realms/{realm} | " + ratio(jwtIntrospection, realmGet) + " | - |");
        line("");
        return exchange;
    }

    // ---------------------------------------------------------------- the token as a credential

    /**
     * {@code --credential}: the secret as the bearer of the token API against the JWT exchanged for the same token, and
     * introspection of the secret against introspection of a native JWT, with the realm's login events off and then on
     * (every introspection then stores an {@code INTROSPECT_TOKEN} event, on both sides).
     */
    private void credential() {
        Reply token = realm.createToken(ownerBearers.get(0), Map.of("name", "bench credential",
                "allowed_scopes", List.of("token.read-all", "members.read")));
        String secret = token.text("token");
        String tokenJwt = realm.exchange(token.text("client_id"), secret).text("access_token");
        String nativeJwt = realm.exchange("native", "native-secret").text("access_token");
        String listPath = realm.path("/api-tokens/api/v1/tokens");
        String introspectPath = realm.path("/protocol/openid-connect/token/introspect");
        Predicate<HttpConnection> listed = c -> c.bodyContains("\"tokens\"");
        Predicate<HttpConnection> active = c -> c.bodyContains("\"active\":true");
        check(realm.api(secret).get("/api/v1/tokens").status() == 200, "the secret lists tokens");
        check(realm.api(tokenJwt).get("/api/v1/tokens").status() == 200, "the JWT lists tokens");

        List<Scenario> api = List.of(
                fixed("GET /api/v1/tokens, JWT of the token", HttpConnection.get(host, port, listPath, tokenJwt, true), listed, true),
                fixed("GET /api/v1/tokens, the secret as bearer", HttpConnection.get(host, port, listPath, secret, true), listed, true));
        List<Scenario> introspection = List.of(
                fixed("introspect native JWT", HttpConnection.postForm(host, port, introspectPath, "token=" + nativeJwt, "rs", "rs-secret", true), active, true),
                fixed("introspect API token", HttpConnection.postForm(host, port, introspectPath, "token=" + encode(secret), "rs", "rs-secret", true), active, true));

        Duration serverWarmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("server-warmup", "15")));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        System.out.println("warming the server up: " + serverWarmup.toSeconds() + " s per scenario");
        for (Scenario scenario : api) {
            LoadRun.run(host, port, scenario, threads, Duration.ZERO, serverWarmup, Long.MAX_VALUE);
        }
        for (Scenario scenario : introspection) {
            LoadRun.run(host, port, scenario, threads, Duration.ZERO, serverWarmup, Long.MAX_VALUE);
        }
        Map<String, List<Result>> apiResults = rounds(api, rounds);
        Map<String, List<Result>> eventsOff = rounds(introspection, rounds);
        Reply eventsOn = realm.admin().putJson(realm.adminPath(""), Map.of("eventsEnabled", true,
                "enabledEventTypes", List.of("CLIENT_LOGIN", "CLIENT_LOGIN_ERROR", "INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR")));
        check(eventsOn.status() == 204, "events on: " + eventsOn);
        Map<String, List<Result>> withEvents = rounds(introspection, rounds);

        line("## The token as a credential");
        line("");
        line("One token (`token.read-all members.read`) of an owner with one token. After " + serverWarmup.toSeconds()
                + " s of warm-up load per scenario, each scenario ran " + rounds + " times, interleaved, in a rotating order; "
                + "the table shows the mean throughput and the mean of the percentiles. The list answers the owner's tokens "
                + "(a database query either way); the bearer differs only in how the caller is authenticated. The last pair "
                + "ran with the realm storing `CLIENT_LOGIN` and `INTROSPECT_TOKEN` events (a database insert per request on "
                + "both sides).");
        line("");
        line("| scenario | events | req/s | p50 ms | p99 ms | errors |");
        line("| --- | --- | ---: | ---: | ---: | ---: |");
        apiResults.forEach((name, list) -> row(name, "off", list));
        eventsOff.forEach((name, list) -> row(name, "off", list));
        withEvents.forEach((name, list) -> row(name, "on", list));
        line("");
        line("| ratio | value | target |");
        line("| --- | ---: | --- |");
        line("| the secret as bearer / the JWT of the token, `GET /api/v1/tokens` | "
                + ratio(mean(apiResults.get("GET /api/v1/tokens, the secret as bearer")), mean(apiResults.get("GET /api/v1/tokens, JWT of the token")))
                + " | >= 1.0 |");
        line("| introspect API token / introspect native JWT, events off | "
                + ratio(mean(eventsOff.get("introspect API token")), mean(eventsOff.get("introspect native JWT"))) + " | >= 2.0 |");
        line("| introspect API token / introspect native JWT, events on | "
                + ratio(mean(withEvents.get("introspect API token")), mean(withEvents.get("introspect native JWT"))) + " | >= 2.5 (aim) |");
        line("");
    }

    /** Each round runs every scenario once, starting one later than the round before, so no scenario always goes first. */
    private Map<String, List<Result>> rounds(List<Scenario> scenarios, int rounds) {
        Map<String, List<Result>> results = new LinkedHashMap<>();
        scenarios.forEach(s -> results.put(s.name(), new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario scenario = scenarios.get((i + round) % scenarios.size());
                String label = "scenario-" + scenario.name().replaceAll("[^A-Za-z]+", "-") + (scenario.keepAlive() ? "" : "-close");
                results.get(scenario.name()).add(round == 0 ? profiled(label, () -> load(scenario)) : load(scenario));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- scale

    private void scale(double firstExchange) throws Exception {
        String[] sizes = options.getOrDefault("sizes", "1000,10000,100000").split(",");
        line("## Many tokens in one realm");
        line("");
        line("Tokens are created through the REST API by " + options.getOrDefault("seed-threads", "8")
                + " parallel clients, spread over 10 owners (after 1500 unmeasured creations, deleted again, for warm-up). "
                + "Creation p50 and list p50 come from 200 requests sent one after another once the realm holds that many "
                + "tokens; the list is the first page (100) as a token administrator, who sees every token of the realm (the "
                + "slowest listing), and as one owner. Exchange uses a working set of 10% of the tokens, picked at random per "
                + "request, after one warm-up pass over the set; right before it, the exchange of the single token of the first "
                + "table is measured again, so that the ratio compares two figures of the same moment.");
        line("");
        line("| tokens | seeding (cumulative) | creation p50 ms | list p50 ms (admin, all) | list p50 ms (owner) | exchange req/s (1 token) | exchange req/s (10% working set) | p50 ms | p99 ms | working set / 1 token |");
        line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        warmUpCreation(1500);
        Map<Integer, double[]> figures = new LinkedHashMap<>();
        Duration seeding = Duration.ZERO;
        for (String size : sizes) {
            int target = Integer.parseInt(size.trim());
            long before = System.nanoTime();
            seed(target);
            seeding = seeding.plusNanos(System.nanoTime() - before);
            double creation = millis(creationLatency(200), 50);
            double listAll = millis(listLatency(adminBearer, 200), 50);
            double listOwner = millis(listLatency(ownerBearers.get(1), 200), 50);
            workingSet = chooseWorkingSet();
            Result one = load(oneTokenExchange);
            Result exchange = profiled("exchange-" + tokens.size(), this::workingSetExchange);
            figures.put(tokens.size(), new double[] {creation, listAll, exchange.throughput(), one.throughput()});
            line("| " + tokens.size() + " | " + seeding.toSeconds() + " s | " + fmt(creation) + " | " + fmt(listAll) + " | "
                    + fmt(listOwner) + " | " + fmt(one.throughput()) + " | " + fmt(exchange.throughput()) + " | "
                    + fmt(exchange.p50Millis()) + " | " + fmt(exchange.p99Millis()) + " | " + ratio(exchange.throughput(), one.throughput()) + " |");
        }
        line("");

        List<double[]> levels = new ArrayList<>(figures.values());
        double[] first = levels.get(0);
        double[] last = levels.get(levels.size() - 1);
        int lastSize = new ArrayList<>(figures.keySet()).get(levels.size() - 1);
        line("| target at " + lastSize + " tokens | value | target |");
        line("| --- | ---: | --- |");
        line("| exchange (10% working set) / 1-token exchange, default caches | " + ratio(last[2], last[3]) + " | >= 0.8 |");
        line("| the same against the 1-token exchange of the first table | " + ratio(last[2], firstExchange) + " | - |");
        line("| creation p50 / creation p50 at " + new ArrayList<>(figures.keySet()).get(0) + " tokens | " + ratio(last[0], first[0]) + " | <= 1.5 |");
        line("| list first page p50 (admin, all tokens) | " + fmt(last[1]) + " ms | < 50 ms |");
        line("");
        tuned(last[2], last[3]);
    }

    /** The same server and data, restarted with larger embedded caches. */
    private void tuned(double defaultWorkingSet, double defaultOne) {
        String realms = options.getOrDefault("tuned-realms", "60000");
        String users = options.getOrDefault("tuned-users", "30000");
        List<String> args = List.of("--cache-embedded-realms-max-count=" + realms, "--cache-embedded-users-max-count=" + users);
        server.restart(args);
        line("## Tuned caches");
        line("");
        line("The same server and database restarted with `" + String.join(" ", args) + "`; after 60 s of warm-up load on the "
                + "single token and two unmeasured working-set runs, the working set and then the single token are measured.");
        line("");
        LoadRun.run(host, port, oneTokenExchange, threads, Duration.ZERO, Duration.ofSeconds(60), Long.MAX_VALUE);
        workingSetExchange();
        workingSetExchange();
        Result workingSet = profiled("exchange-tuned-" + tokens.size(), this::workingSetExchange);
        Result one = load(oneTokenExchange);
        line("| tokens | caches | exchange req/s (1 token) | exchange req/s (10% working set) | p50 ms | p99 ms | working set / 1 token |");
        line("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        line("| " + tokens.size() + " | default | " + fmt(defaultOne) + " | " + fmt(defaultWorkingSet) + " | | | " + ratio(defaultWorkingSet, defaultOne) + " |");
        line("| " + tokens.size() + " | tuned | " + fmt(one.throughput()) + " | " + fmt(workingSet.throughput()) + " | " + fmt(workingSet.p50Millis())
                + " | " + fmt(workingSet.p99Millis()) + " | " + ratio(workingSet.throughput(), one.throughput()) + " |");
        line("");
    }

    private void seed(int target) throws Exception {
        int seedThreads = Integer.parseInt(options.getOrDefault("seed-threads", "8"));
        AtomicInteger next = new AtomicInteger(tokens.size());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(seedThreads);
        for (int t = 0; t < seedThreads; t++) {
            pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < target; ) {
                    Reply reply = realm.api(ownerBearers.get(i % ownerBearers.size())).postJson("/api/v1/token",
                            Map.of("name", "seed " + i, "allowed_scopes", List.of("members.read")));
                    if (reply.status() == 200) {
                        tokens.add(new String[] {reply.text("client_id"), reply.text("token")});
                    } else if (failures.size() < 10) {
                        failures.add(reply.toString());
                    }
                }
            });
        }
        pool.shutdown();
        check(pool.awaitTermination(4, TimeUnit.HOURS), "seeding finished");
        check(failures.isEmpty(), "seeding failed: " + failures);
    }

    /** Creation paths get their JIT warm-up from tokens that are deleted again (which warms deletion up too). */
    private void warmUpCreation(int count) {
        String owner = realm.login("warm-up-owner");
        for (int i = 0; i < count; i++) {
            realm.createToken(owner, Map.of("name", "warm-up " + i, "allowed_scopes", List.of("members.read")));
        }
        Reply deleted = realm.api(owner).delete("/api/v1/tokens");
        check(deleted.status() == 200 && deleted.json().get("deleted").asInt() == count, "warm-up deletion: " + deleted);
    }

    private Histogram creationLatency(int count) {
        AtomicInteger n = new AtomicInteger();
        String path = realm.path("/api-tokens/api/v1/token");
        Histogram histogram = new Histogram(60_000_000L, 3);
        for (int i = 0; i < count; i++) {
            long before = System.nanoTime();
            Reply reply = realm.api(ownerBearers.get(2)).postJson("/api/v1/token", Map.of("name", "timed " + n.incrementAndGet(),
                    "allowed_scopes", List.of("members.read")));
            histogram.recordValue(Math.max(1, (System.nanoTime() - before) / 1000));
            check(reply.status() == 200, "creation: " + reply + " at " + path);
            tokens.add(new String[] {reply.text("client_id"), reply.text("token")});
        }
        return histogram;
    }

    private Histogram listLatency(String bearer, int count) {
        byte[] request = HttpConnection.get(host, port, realm.path("/api-tokens/api/v1/tokens?max=100"), bearer, true);
        return LoadRun.sequential(host, port, count, () -> request, c -> c.bodyContains("\"tokens\""));
    }

    private List<byte[]> chooseWorkingSet() {
        List<String[]> shuffled = new ArrayList<>(tokens);
        Collections.shuffle(shuffled);
        return shuffled.subList(0, Math.max(1, shuffled.size() / 10)).stream()
                .map(t -> HttpConnection.postForm(host, port, realm.path("/protocol/openid-connect/token"), exchangeForm(t[0], t[1]), null, null, true))
                .toList();
    }

    private Result workingSetExchange() {
        List<byte[]> requests = workingSet;
        // warm-up pass: every token of the working set used once
        AtomicInteger cursor = new AtomicInteger();
        Scenario pass = new Scenario("warm-up pass", () -> () -> requests.get(cursor.getAndIncrement() % requests.size()),
                c -> true, true);
        LoadRun.run(host, port, pass, threads, Duration.ZERO, Duration.ofMinutes(10), requests.size());
        Scenario random = new Scenario("exchange, working set", () -> () -> requests.get(ThreadLocalRandom.current().nextInt(requests.size())),
                c -> c.bodyContains("\"access_token\""), true);
        Result result = LoadRun.run(host, port, random, threads, Duration.ofSeconds(2), measure, Long.MAX_VALUE);
        check(result.errors() == 0, "working set exchange errors: " + result);
        return result;
    }

    /** With {@code --jfr}, records a JFR profile of the Keycloak JVM (target/bench/<label>.jfr) while the work runs. */
    private <T> T profiled(String label, Supplier<T> work) {
        if (!options.containsKey("jfr")) {
            return work.get();
        }
        Path file = Path.of(System.getProperty("kc.work.dir", "target/bench")).resolve(label + ".jfr").toAbsolutePath();
        jcmd("JFR.start", "name=" + label, "settings=profile");
        try {
            return work.get();
        } finally {
            jcmd("JFR.stop", "name=" + label, "filename=" + file);
            System.out.println("profile: " + file);
        }
    }

    private void jcmd(String... command) {
        List<String> args = new ArrayList<>(List.of("jcmd", Long.toString(server.javaPid())));
        args.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
            jcmd.getInputStream().transferTo(System.out);
            check(jcmd.waitFor() == 0, "jcmd " + args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- JMH

    private void microBenchmark() throws Exception {
        Runner runner = new Runner(new OptionsBuilder()
                .include(SecretCheckBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .build());
        line("## The secret check itself (JMH, 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, before Keycloak starts)");
        line("");
        line("| step | ns/op | ± (99.9%) |");
        line("| --- | ---: | ---: |");
        for (RunResult result : runner.run()) {
            String name = result.getParams().getBenchmark();
            line("| " + name.substring(name.lastIndexOf('.') + 1) + " | " + fmt(result.getPrimaryResult().getScore())
                    + " | " + fmt(result.getPrimaryResult().getScoreError()) + " |");
        }
        line("");
    }

    // ---------------------------------------------------------------- helpers

    private Result load(Scenario scenario) {
        Result result = LoadRun.run(host, port, scenario, threads, warmup, measure, Long.MAX_VALUE);
        System.out.printf(Locale.ROOT, "  %-34s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                result.name(), result.throughput(), result.p50Millis(), result.p99Millis(), result.errors());
        check(result.errors() == 0, "errors in " + result);
        return result;
    }

    private static Scenario fixed(String name, byte[] request, Predicate<HttpConnection> ok, boolean keepAlive) {
        Supplier<byte[]> same = () -> request;
        return new Scenario(name, () -> same, ok, keepAlive);
    }

    private static String exchangeForm(String clientId, String secret) {
        return "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void row(String name, String connections, List<Result> results) {
        line("| " + name + " | " + connections + " | " + fmt(mean(results)) + " | "
                + fmt(results.stream().mapToDouble(Result::p50Millis).average().orElse(0)) + " | "
                + fmt(results.stream().mapToDouble(Result::p99Millis).average().orElse(0)) + " | "
                + results.stream().mapToLong(Result::errors).sum() + " |");
    }

    private static double mean(List<Result> results) {
        return results.stream().mapToDouble(Result::throughput).average().orElse(0);
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static String fmt(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private void line(String text) {
        System.out.println(text);
        report.add(text);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private String suffix() {
        return options.containsKey("scale") ? "-scale" : options.containsKey("credential") ? "-credential" : "";
    }

    /** Writes what is there so far: a long run that fails later keeps its earlier figures. */
    private void writeQuietly() {
        try {
            write();
        } catch (IOException e) {
            System.out.println("could not write the results: " + e);
        }
    }

    private void write() throws IOException {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(dir);
        Path file = dir.resolve(options.getOrDefault("out", LocalDate.now() + suffix() + ".md"));
        Files.writeString(file, String.join("\n", report) + "\n");
        System.out.println("Results written to " + file);
    }
}
