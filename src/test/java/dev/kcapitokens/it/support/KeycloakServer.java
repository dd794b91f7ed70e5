package dev.kcapitokens.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak distribution started as a process with the freshly built provider JAR in {@code providers/}.
 * The dist zip, the JAR and the work directory come from system properties that the POM's failsafe setup passes.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-it-password";

    /**
     * @param name      work sub-directory
     * @param database  {@code dev-file}, {@code postgres} or {@code mariadb}
     * @param extraArgs further {@code kc.sh} options
     */
    public record Options(String name, String database, String dbUrl, String dbUser, String dbPassword, List<String> extraArgs) {

        public static Options devFile(String name, List<String> extraArgs) {
            return new Options(name, "dev-file", null, null, null, extraArgs);
        }
    }

    /** The realm files the README's run command imports, imported here the same way ({@code --import-realm}). */
    private static final String REALM_CONFIG = "kc.realm.config";

    private final Options options;
    private final Path home;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private Process process;
    private boolean built;

    private KeycloakServer(Options options, int httpPort) {
        this.options = options;
        Path work = Path.of(required("kc.work.dir")).resolve(options.name());
        this.home = work.resolve("keycloak");
        this.log = work.resolve("server.log");
        this.httpPort = httpPort;
        this.managementPort = freePort();
    }

    public static KeycloakServer start(Options options) {
        return start(options, freePort());
    }

    /** Starts on the given HTTP port, known beforehand (a cluster's nodes share one {@code --hostname}). */
    public static KeycloakServer start(Options options, int httpPort) {
        KeycloakServer server = new KeycloakServer(options, httpPort);
        try {
            server.prepare();
            server.launch();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The management interface: {@code /health}, and {@code /metrics} when the server runs with metrics enabled. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The Keycloak JVM's process id (the child of {@code kc.sh}), for profiling with {@code jcmd}. */
    public long javaPid() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().map(ProcessHandle::pid).orElseThrow(() -> new IllegalStateException("no Keycloak JVM"));
    }

    public Path log() {
        return log;
    }

    /** The installation's {@code themes/} folder: themes put there are found at once (a dev server caches none). */
    public Path themesDir() {
        return home.resolve("themes");
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prepare() throws IOException {
        Path work = home.getParent();
        deleteRecursively(work);
        Files.createDirectories(work);
        Path unpacked = unzip(Path.of(required("kc.dist.zip")), work);
        Files.move(unpacked, home);
        Files.copy(Path.of(required("kc.provider.jar")), home.resolve("providers").resolve("keycloak-api-tokens.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        home.resolve("bin/kc.sh").toFile().setExecutable(true);
        importRealms();
    }

    /**
     * Starts another server on a copy of this one's installation, built already (no second {@code kc.sh build}), with
     * its own options, work directory and data folder (a cluster's second node).
     */
    public static KeycloakServer startCopyOf(KeycloakServer built, Options options, int httpPort) {
        KeycloakServer server = new KeycloakServer(options, httpPort);
        try {
            server.copyInstallation(built);
            server.built = built.built;
            server.launch();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void copyInstallation(KeycloakServer from) throws IOException {
        Path work = home.getParent();
        deleteRecursively(work);
        Files.createDirectories(work);
        Path data = from.home.resolve("data");
        try (Stream<Path> paths = Files.walk(from.home)) {
            for (Path path : paths.filter(p -> !p.startsWith(data)).toList()) {
                Path target = home.resolve(from.home.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        home.resolve("bin/kc.sh").toFile().setExecutable(true);
        importRealms();
    }

    private void importRealms() throws IOException {
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> files = Files.list(Path.of(required(REALM_CONFIG)))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.copy(file, imports.resolve(file.getFileName()));
            }
        }
    }

    /** Stops the server and starts it again on the same installation and data, with other extra options. */
    public void restart(List<String> extraArgs) {
        close();
        try {
            launch(extraArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        launch(options.extraArgs());
    }

    private void launch(List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>();
        if ("dev-file".equals(options.database())) {
            args.add("start-dev");
        } else {
            if (!built) {
                run(List.of("build", "--db=" + options.database(), "--health-enabled=true"), Duration.ofMinutes(5));
                built = true;
            }
            args.addAll(List.of("start", "--optimized", "--http-enabled=true", "--hostname-strict=false",
                    "--db-url=" + options.dbUrl(), "--db-username=" + options.dbUser()));
            if (options.dbPassword() != null) {
                args.add("--db-password=" + options.dbPassword());
            }
        }
        args.addAll(List.of(
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--import-realm",
                "--log-level=INFO,dev.kcapitokens:debug"));
        args.addAll(extraArgs);
        process = processBuilder(args).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // a first start on an empty MariaDB took over 4 minutes on a loaded 2-core machine (26.7.3 creating its schema)
        waitUntilReady(Duration.ofMinutes(Long.getLong("kc.ready.minutes", 8)));
    }

    private void run(List<String> args, Duration timeout) throws IOException {
        Process build = processBuilder(args).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!build.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || build.exitValue() != 0) {
                throw new IllegalStateException("kc.sh " + args + " failed; see " + log + "\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder processBuilder(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("JAVA_OPTS_KC_HEAP", System.getProperty("kc.heap", "-Xms128m -Xmx1g"));
        return builder;
    }

    private void waitUntilReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log + "\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; see " + log + "\n" + tail());
    }

    @Override
    public void close() {
        stop(false);
    }

    /**
     * SIGKILLs the Keycloak JVM and its {@code kc.sh} wrapper, as a crash would: no shutdown hook runs. Returns once
     * both are gone; {@link #restart} starts the server again on the same installation and data.
     */
    public void kill() {
        stop(true);
    }

    /** Stops the {@code kc.sh} wrapper and everything it started: orderly (forced after 30 s), or as a crash. */
    private void stop(boolean crash) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(crash ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (crash) {
                    throw new IllegalStateException("process " + handle.pid() + " survived SIGKILL", e);
                }
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public List<String> extraArgs() {
        return options.extraArgs();
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        Path root = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside target: " + entry.getName());
                }
                if (root == null) {
                    root = target.resolve(target.relativize(out).getName(0));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    copy(in, out);
                }
            }
        }
        return root;
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the integration tests with mvn verify");
        }
        return value;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
