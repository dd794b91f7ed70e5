package dev.kcapitokens.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: {@code threads} connections each send a request, wait for the answer, and send the next, for a
 * warm-up and then a measured period (bounded also by a request count). Latencies go to an HdrHistogram.
 */
final class LoadRun {

    /** One scenario's figures; {@code errors} counts non-200 answers and answers that fail the check. */
    record Result(String name, long requests, long errors, double seconds, double throughput, double p50Millis, double p99Millis) {
    }

    /** What a scenario sends and how it checks the answer; {@code requests} is called once per thread. */
    record Scenario(String name, Supplier<Supplier<byte[]>> requests, Predicate<HttpConnection> ok, boolean keepAlive) {
    }

    private LoadRun() {
    }

    static Result run(String host, int port, Scenario scenario, int threads, Duration warmup, Duration measure, long maxRequests) {
        AtomicLong sent = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            Supplier<byte[]> next = scenario.requests().get();
            Thread worker = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(host, port, scenario.keepAlive())) {
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end || (before >= measureFrom && sent.get() >= maxRequests)) {
                            return;
                        }
                        boolean good;
                        try {
                            good = connection.send(next.get()) == 200 && scenario.ok().test(connection);
                        } catch (Exception e) {
                            good = false;
                        }
                        long after = System.nanoTime();
                        if (before >= measureFrom) {
                            sent.incrementAndGet();
                            histogram.recordValue(Math.max(1, (after - before) / 1000));
                            if (!good) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
            }, "load-" + scenario.name() + "-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        double seconds = (Math.min(System.nanoTime(), end) - measureFrom) / 1e9;
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(scenario.name(), sent.get(), errors.get(), seconds, sent.get() / seconds,
                all.getValueAtPercentile(50) / 1000.0, all.getValueAtPercentile(99) / 1000.0);
    }

    /** Latency of {@code count} requests sent one after another on one connection. */
    static Histogram sequential(String host, int port, int count, Supplier<byte[]> requests, Predicate<HttpConnection> ok) {
        Histogram histogram = new Histogram(60_000_000L, 3);
        try (HttpConnection connection = new HttpConnection(host, port, true)) {
            for (int i = 0; i < count; i++) {
                long before = System.nanoTime();
                int status = connection.send(requests.get());
                long after = System.nanoTime();
                if (status != 200 || !ok.test(connection)) {
                    throw new IllegalStateException("request failed with " + status + ": "
                            + new String(connection.body, java.nio.charset.StandardCharsets.UTF_8));
                }
                histogram.recordValue(Math.max(1, (after - before) / 1000));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return histogram;
    }
}
