package dev.kcapitokens.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcapitokens.bench.LoadRun.Result;
import dev.kcapitokens.bench.LoadRun.Scenario;
import dev.kcapitokens.it.support.KeycloakServer;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * {@code bench/run.sh --scale}: the figures of scale with Keycloak's default cache sizes, on a server started with
 * metrics and with X-Forwarded-For trusted from 127.0.0.1.
 * <ol>
 *   <li>Keycloak cache entries per token in use: {@code realms} and {@code users} entries (from {@code /metrics})
 *   before and after one exchange of each of a batch of fresh tokens.</li>
 *   <li>"Delete all" of 10,000 tokens of one owner: the time, and the batches the server logged.</li>
 *   <li>Exchange at {@code --scale-tokens} (100,000) tokens with a 10% working set against the single-token exchange,
 *   interleaved in {@code --scale-rounds} rounds.</li>
 *   <li>A spray of {@code --spray} (1,000,000) wrong secrets for one token's client_id, each from its own
 *   X-Forwarded-For address, through the real throttle; the server's heap after a forced GC before and after.</li>
 * </ol>
 */
final class ScaleBenchmark {

    static final List<String> SERVER_ARGS = List.of("--proxy-headers=xforwarded", "--proxy-trusted-addresses=127.0.0.1",
            "--metrics-enabled=true");

    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");

    private final Map<String, String> options;
    private final KeycloakServer server;
    private final TestRealm realm;
    private final List<String> ownerBearers;
    private final Consumer<String> line;
    private final Runnable flush;
    private final String host = "127.0.0.1";
    private final int port;
    private final int threads;
    private final Duration measure;
    private final String tokenPath;
    private final List<String[]> tokens = Collections.synchronizedList(new ArrayList<>());

    ScaleBenchmark(Map<String, String> options, KeycloakServer server, TestRealm realm, List<String> ownerBearers,
                   Consumer<String> line, Runnable flush, int threads, Duration measure) {
        this.options = options;
        this.server = server;
        this.realm = realm;
        this.ownerBearers = ownerBearers;
        this.line = line;
        this.flush = flush;
        this.port = server.httpPort();
        this.threads = threads;
        this.measure = measure;
        this.tokenPath = realm.path("/protocol/openid-connect/token");
    }

    void run() throws Exception {
        int size = Integer.parseInt(options.getOrDefault("scale-tokens", "100000"));
        double workingShare = Double.parseDouble(options.getOrDefault("working-set", "0.1"));
        int rounds = Integer.parseInt(options.getOrDefault("scale-rounds", "2"));
        int bulk = Integer.parseInt(options.getOrDefault("bulk", "10000"));
        int spray = Integer.parseInt(options.getOrDefault("spray", "1000000"));

        Reply token = realm.createToken(ownerBearers.get(0), Map.of("name", "bench one", "allowed_scopes", List.of("members.read")));
        Scenario one = fixed("exchange, 1 token", form(token.text("client_id"), token.text("token")));
        System.out.println("warming the server up: 20 s of single-token exchange");
        LoadRun.run(host, port, one, threads, Duration.ZERO, Duration.ofSeconds(20), Long.MAX_VALUE);

        line.accept("## Keycloak cache entries per token in use");
        line.accept("");
        entriesPerToken(Integer.parseInt(options.getOrDefault("entries-tokens", "100")));
        flush.run();

        line.accept("## Exchange at " + size + " tokens, " + Math.round(workingShare * 100) + "% working set, Keycloak's default cache sizes");
        line.accept("");
        long before = System.nanoTime();
        seed(size - 1);
        Duration seeding = Duration.ofNanos(System.nanoTime() - before);
        ratio(one, rounds, seeding, workingShare);
        flush.run();

        if (spray > 0) {
            line.accept("## Heap under a spray of " + spray + " failing addresses");
            line.accept("");
            spray(token.text("client_id"), spray);
            flush.run();
        }
        if (bulk > 0) {
            line.accept("## Delete all of " + bulk + " tokens of one owner");
            line.accept("");
            bulkDelete(bulk);
            flush.run();
        }
    }

    // ---------------------------------------------------------------- cache entries

    private void entriesPerToken(int count) {
        List<String[]> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Reply reply = realm.createToken(ownerBearers.get(1), Map.of("name", "entries " + i, "allowed_scopes", List.of("members.read")));
            fresh.add(new String[] {reply.text("client_id"), reply.text("token")});
        }
        long[] before = entries();
        for (String[] t : fresh) {
            check(realm.exchange(t[0], t[1]).status() == 200, "exchange of a fresh token");
        }
        long[] after = entries();
        for (String[] t : fresh) {
            check(realm.exchange(t[0], t[1]).status() == 200, "second exchange of a fresh token");
        }
        long[] again = entries();
        line.accept(count + " tokens created, then each exchanged once; entries of Keycloak's embedded caches from the "
                + "management `/metrics` (`vendor_statistics_number_of_entries`). A second exchange of each adds none.");
        line.accept("");
        line.accept("| cache | entries before | after one exchange each | after a second exchange each | per token |");
        line.accept("| --- | ---: | ---: | ---: | ---: |");
        line.accept("| realms | " + before[0] + " | " + after[0] + " | " + again[0] + " | " + per(after[0] - before[0], count) + " |");
        line.accept("| users | " + before[1] + " | " + after[1] + " | " + again[1] + " | " + per(after[1] - before[1], count) + " |");
        line.accept("");
        tokens.addAll(fresh);
    }

    /** realms and users entries of this node, from the management interface. */
    private long[] entries() {
        String metrics = get(server.managementUrl() + "/metrics");
        return new long[] {metric(metrics, "realms"), metric(metrics, "users")};
    }

    private static long metric(String metrics, String cache) {
        Matcher m = Pattern.compile("vendor_statistics_number_of_entries\\{cache=\"" + cache + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        check(m.find(), "no entries metric for " + cache);
        return (long) Double.parseDouble(m.group(1));
    }

    // ---------------------------------------------------------------- bulk delete

    private void bulkDelete(int count) throws Exception {
        String owner = realm.login("bulk-owner");
        long seedStart = System.nanoTime();
        seedFor(owner, count);
        long seeded = System.nanoTime() - seedStart;
        long logBefore = Files.size(server.log());
        long start = System.nanoTime();
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + realm.path("/api-tokens/api/v1/tokens"))).DELETE()
                .header("Authorization", "Bearer " + owner).timeout(Duration.ofHours(2)).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        check(deleted.statusCode() == 200, "delete all: " + deleted.statusCode() + " " + deleted.body());
        Matcher deletedCount = Pattern.compile("\"deleted\"\\s*:\\s*(\\d+)").matcher(deleted.body());
        check(deletedCount.find(), "deleted count in " + deleted.body());
        int gone = Integer.parseInt(deletedCount.group(1));
        List<Integer> batches = new ArrayList<>();
        Matcher m = Pattern.compile("deleted a batch of api tokens realm=" + realm.name() + " count=(\\d+)")
                .matcher(server.logText().substring((int) logBefore));
        while (m.find()) {
            batches.add(Integer.parseInt(m.group(1)));
        }
        int left = realm.api(realm.login("bulk-owner")).get("/api/v1/tokens?max=1").json().get("tokens").size();
        line.accept(count + " tokens created for one owner through the REST API (" + secs(seeded) + " s, 8 clients), then "
                + "`DELETE /api/v1/tokens` as that owner. The batches are the server's own debug log lines "
                + "(`deleted a batch of api tokens`), one per transaction.");
        line.accept("");
        line.accept("| deleted | time | per token | transactions (batches) | largest batch | tokens left |");
        line.accept("| ---: | ---: | ---: | ---: | ---: | ---: |");
        line.accept("| " + gone + " | " + fmt(took.toMillis() / 1000.0) + " s | " + fmt(took.toNanos() / 1e6 / Math.max(1, gone))
                + " ms | " + batches.size() + " | " + batches.stream().mapToInt(Integer::intValue).max().orElse(0) + " | " + left + " |");
        line.accept("");
    }

    // ---------------------------------------------------------------- the 100k ratio

    private void ratio(Scenario one, int rounds, Duration seeding, double workingShare) {
        List<String[]> shuffled = new ArrayList<>(tokens);
        Collections.shuffle(shuffled);
        List<byte[]> requests = shuffled.subList(0, Math.max(1, (int) Math.round(shuffled.size() * workingShare))).stream().map(t -> form(t[0], t[1])).toList();
        AtomicInteger cursor = new AtomicInteger();
        Scenario pass = new Scenario("warm-up pass", () -> () -> requests.get(cursor.getAndIncrement() % requests.size()), c -> true, true);
        long[] before = entries();
        long passStart = System.nanoTime();
        LoadRun.run(host, port, pass, threads, Duration.ZERO, Duration.ofMinutes(20), requests.size());
        long passNanos = System.nanoTime() - passStart;
        long[] afterPass = entries();
        Scenario workingSet = new Scenario("exchange, working set",
                () -> () -> requests.get(ThreadLocalRandom.current().nextInt(requests.size())), c -> c.bodyContains("\"access_token\""), true);
        line.accept(tokens.size() + 1 + " tokens in the realm (seeded in " + seeding.toSeconds() + " s through the REST API, 8 clients, "
                + "10 owners). Working set: " + requests.size() + " tokens, a random one per request, after one pass over the set ("
                + secs(passNanos) + " s); realms/users entries " + before[0] + "/" + before[1] + " before the pass, "
                + afterPass[0] + "/" + afterPass[1] + " after it. Each round measures the single token, then the working set, "
                + measure.toSeconds() + " s each after 2 s of warm-up, " + threads + " keep-alive connections.");
        line.accept("");
        line.accept("| round | exchange req/s (1 token) | exchange req/s (working set) | p50 ms | p99 ms | working set / 1 token |");
        line.accept("| ---: | ---: | ---: | ---: | ---: | ---: |");
        double sumOne = 0;
        double sumSet = 0;
        for (int round = 1; round <= rounds; round++) {
            Result single = load(one);
            Result set = load(workingSet);
            sumOne += single.throughput();
            sumSet += set.throughput();
            line.accept("| " + round + " | " + fmt(single.throughput()) + " | " + fmt(set.throughput()) + " | " + fmt(set.p50Millis())
                    + " | " + fmt(set.p99Millis()) + " | " + ratio(set.throughput(), single.throughput()) + " |");
        }
        long[] after = entries();
        line.accept("| mean | " + fmt(sumOne / rounds) + " | " + fmt(sumSet / rounds) + " | | | " + ratio(sumSet, sumOne) + " |");
        line.accept("");
        line.accept("realms/users entries at the end: " + after[0] + "/" + after[1] + " (default maximum 10000 each).");
        line.accept("");
    }

    // ---------------------------------------------------------------- spray

    private void spray(String clientId, int count) throws Exception {
        long[] heapBefore = heapAfterGc();
        byte[][] parts = sprayParts(clientId);
        AtomicLong next = new AtomicLong();
        AtomicLong unauthorized = new AtomicLong();
        AtomicLong other = new AtomicLong();
        int depth = Integer.parseInt(options.getOrDefault("spray-depth", "16"));
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(Long.parseLong(options.getOrDefault("spray-minutes", "600")));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try (HttpConnection connection = new HttpConnection(host, port, true)) {
                    while (true) {
                        long first = next.getAndAdd(depth);
                        if (first >= count || System.nanoTime() > deadline) {
                            return;
                        }
                        List<byte[]> batch = new ArrayList<>(depth);
                        for (long i = first; i < Math.min(count, first + depth); i++) {
                            batch.add(sprayRequest(parts, i));
                        }
                        for (int status : connection.sendPipelined(batch)) {
                            (status == 401 ? unauthorized : other).incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            });
        }
        pool.shutdown();
        long lastReport = System.nanoTime();
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            if (System.nanoTime() - lastReport > 60e9) {
                System.out.printf(Locale.ROOT, "  spray: %d of %d sent%n", Math.min(next.get(), count), count);
                lastReport = System.nanoTime();
            }
        }
        long nanos = System.nanoTime() - start;
        long sent = unauthorized.get() + other.get();
        check(failures.isEmpty(), "spray failed after " + sent + ": " + failures);
        long[] heapAfter = heapAfterGc();
        // an address outside the sprayed 10.0.0.0/12 (and outside the realm's own 10.x address, which the spray may hit)
        String right = realm.exchangeFrom("192.0.2.77", clientId, tokenSecretOfFirst()).status() == 200 ? "200" : "refused";
        line.accept(sent + " requests (of " + count + " planned) `grant_type=client_credentials` with the bench token's client_id "
                + "and a wrong secret, each with its own `X-Forwarded-For` address (10.x.y.z, all distinct; the server trusts the "
                + "header from 127.0.0.1), " + threads + " keep-alive connections pipelining " + depth + " requests each. Heap: `jcmd <pid> GC.run`, "
                + "then `GC.heap_info` (G1, used of total).");
        line.accept("");
        line.accept("| requests | 401 | other | time | req/s | heap used before | heap used after | difference | the holder afterwards, from 192.0.2.77 |");
        line.accept("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        line.accept("| " + sent + " | " + unauthorized.get() + " | " + other.get() + " | " + secs(nanos) + " s | "
                + fmt(sent / (nanos / 1e9)) + " | " + mib(heapBefore[1]) + " of " + mib(heapBefore[0]) + " | "
                + mib(heapAfter[1]) + " of " + mib(heapAfter[0]) + " | " + mib(heapAfter[1] - heapBefore[1]) + " | " + right + " |");
        line.accept("");
    }

    private String firstSecret;

    private String tokenSecretOfFirst() {
        return firstSecret;
    }

    /** The request around the address: everything before the X-Forwarded-For value, and everything after it. */
    private byte[][] sprayParts(String clientId) {
        String body = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=kcpat_wrong";
        String head = "POST " + tokenPath + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\nX-Forwarded-For: ";
        return new byte[][] {head.getBytes(StandardCharsets.US_ASCII), ("\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII)};
    }

    private static byte[] sprayRequest(byte[][] parts, long i) {
        byte[] address = ("10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255)).getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[parts[0].length + address.length + parts[1].length];
        System.arraycopy(parts[0], 0, request, 0, parts[0].length);
        System.arraycopy(address, 0, request, parts[0].length, address.length);
        System.arraycopy(parts[1], 0, request, parts[0].length + address.length, parts[1].length);
        return request;
    }

    /** {total, used} of the heap in KiB after a full GC. */
    private long[] heapAfterGc() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        check(m.find(), "no heap figures in: " + info);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(server.javaPid()), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            check(jcmd.waitFor() == 0, "jcmd " + command + ": " + out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- seeding and helpers

    /** Tokens spread over the owners until the bench holds {@code target}. */
    private void seed(int target) throws Exception {
        AtomicInteger n = new AtomicInteger(tokens.size());
        parallel(() -> {
            for (int i; (i = n.getAndIncrement()) < target; ) {
                Reply reply = realm.api(ownerBearers.get(i % ownerBearers.size())).postJson("/api/v1/token",
                        Map.of("name", "seed " + i, "allowed_scopes", List.of("members.read")));
                check(reply.status() == 200, "seeding: " + reply);
                tokens.add(new String[] {reply.text("client_id"), reply.text("token")});
            }
        });
    }

    private void seedFor(String owner, int count) throws Exception {
        AtomicInteger n = new AtomicInteger();
        parallel(() -> {
            for (int i; (i = n.getAndIncrement()) < count; ) {
                Reply reply = realm.api(owner).postJson("/api/v1/token", Map.of("name", "bulk " + i, "allowed_scopes", List.of("members.read")));
                check(reply.status() == 200, "seeding for one owner: " + reply);
            }
        });
    }

    private void parallel(Runnable work) throws Exception {
        int seedThreads = Integer.parseInt(options.getOrDefault("seed-threads", "8"));
        ExecutorService pool = Executors.newFixedThreadPool(seedThreads);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < seedThreads; t++) {
            futures.add(pool.submit(work));
        }
        pool.shutdown();
        check(pool.awaitTermination(4, TimeUnit.HOURS), "seeding finished");
        for (java.util.concurrent.Future<?> future : futures) {
            future.get();
        }
    }

    private Result load(Scenario scenario) {
        Result result = LoadRun.run(host, port, scenario, threads, Duration.ofSeconds(2), measure, Long.MAX_VALUE);
        System.out.printf(Locale.ROOT, "  %-34s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                result.name(), result.throughput(), result.p50Millis(), result.p99Millis(), result.errors());
        check(result.errors() == 0, "errors in " + result);
        return result;
    }

    private Scenario fixed(String name, byte[] request) {
        return new Scenario(name, () -> () -> request, c -> c.bodyContains("\"access_token\""), true);
    }

    private byte[] form(String clientId, String secret) {
        if (firstSecret == null) {
            firstSecret = secret;
        }
        return HttpConnection.postForm(host, port, tokenPath, "grant_type=client_credentials&client_id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8),
                null, null, true);
    }

    private static String get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String per(long delta, int count) {
        return String.format(Locale.ROOT, "%.2f", delta / (double) count);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static String fmt(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
