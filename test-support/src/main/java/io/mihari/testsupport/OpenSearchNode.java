package io.mihari.testsupport;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real OpenSearch server (the integ-test-zip distribution from Maven Central) as a child process
 * on free ports. OpenSearch refuses to run as root, so as root it runs as a dedicated system user,
 * created on first use.
 */
public final class OpenSearchNode implements TestOpenSearch {

    static final String VERSION = "2.19.6";
    static final String USER = System.getenv().getOrDefault("MIHARI_OPENSEARCH_USER", "mihari-os");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String BASE_PREFIX = "mihari-opensearch-";
    private static final String OWNER_FILE = "owner.pid";

    private final Path base;
    /** The running server; replaced by {@link #startAgain()} after {@link #kill()}. */
    private volatile Process process;
    private final int httpPort;
    private final Path console;
    private final Access access;
    /** How it was launched, for {@link #startAgain()}: same ports, same data. */
    private final List<String> command;
    private final Path home;

    private OpenSearchNode(Path base, Process process, int httpPort, Path console, Access access, List<String> command,
            Path home) {
        this.base = base;
        this.process = process;
        this.httpPort = httpPort;
        this.console = console;
        this.access = access;
        this.command = command;
        this.home = home;
    }

    /**
     * How the node is reached once it runs: plain HTTP without a login (the default node), or HTTPS trusting
     * {@code ssl} with a login sent as {@code authorization} (the secured node).
     */
    record Access(String scheme, javax.net.ssl.SSLContext ssl, String authorization) {
        static final Access PLAIN = new Access("http", null, null);
    }

    /** What a variant of the node does to its unpacked home before it starts, and the settings it adds. */
    interface Setup {
        List<String> prepare(Path home) throws IOException;
    }

    /**
     * Unpacks and launches a node of its own (not {@link MihariInfra}'s), for a test that kills and restarts it;
     * {@link #awaitReady()} waits until it answers.
     */
    public static OpenSearchNode launchOwn() {
        return launch();
    }

    /** Unpacks and launches the server; {@link #awaitReady()} waits until it answers. */
    static OpenSearchNode launch() {
        return launch(distribution(VERSION), home -> List.of(), Access.PLAIN);
    }

    /** Unpacks {@code zip}, lets {@code setup} prepare it and launches it; reached as {@code access} says. */
    static OpenSearchNode launch(Path zip, Setup setup, Access access) {
        reapOrphans();
        try {
            Path base = Files.createTempDirectory(BASE_PREFIX);
            Files.writeString(base.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            Path home = unzip(zip, base);
            List<String> settings = setup.prepare(home);
            Path data = Files.createDirectories(base.resolve("data"));
            Path logs = Files.createDirectories(base.resolve("logs"));
            Path console = base.resolve("console.log");
            int httpPort = FreePorts.next();
            int transportPort = FreePorts.next();
            boolean root = isRoot();
            if (root) {
                ensureUser();
                run(List.of("chown", "-R", USER + ":", base.toString()));
            }
            String javaHome = System.getenv().getOrDefault("MIHARI_OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
            List<String> command = new ArrayList<>();
            if (root) {
                // Its own session: runuser, when signalled, may take its process group down with it, and
                // that group must not be the test JVM's.
                command.addAll(List.of("setsid", "--wait", "runuser", "-u", USER, "--"));
            }
            command.addAll(List.of("env", "OPENSEARCH_JAVA_HOME=" + javaHome,
                    "OPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m", "OPENSEARCH_PATH_CONF=" + home.resolve("config")));
            command.addAll(List.of(home.resolve("bin/opensearch").toString(),
                    "-Ediscovery.type=single-node",
                    "-Enetwork.host=127.0.0.1",
                    "-Ehttp.port=" + httpPort,
                    "-Etransport.port=" + transportPort,
                    "-Epath.data=" + data,
                    "-Epath.logs=" + logs,
                    "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                    "-Eaction.auto_create_index=true"));
            command.addAll(settings);
            Process process = start(command, home, console);
            return new OpenSearchNode(base, process, httpPort, console, access, List.copyOf(command), home);
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch OpenSearch from " + zip, e);
        }
    }

    private static Process start(List<String> command, Path home, Path console) throws IOException {
        return new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .start();
    }

    /**
     * Kills the server as a crash would (SIGKILL to OpenSearch and the processes around it, no flush, no goodbye)
     * and waits until it is gone. Its data stays for {@link #startAgain()}.
     */
    public void kill() {
        Process running = process;
        List<ProcessHandle> all = new ArrayList<>(running.descendants().toList());
        all.add(running.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            for (ProcessHandle p : all) {
                p.onExit().get(30, TimeUnit.SECONDS); // OpenSearch's own JVM too: its node lock and ports
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("OpenSearch did not end within 30 s of SIGKILL", e);
        }
    }

    /** Starts the server again on the same ports and data after {@link #kill()}; {@link #awaitReady()} waits. */
    public void startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("OpenSearch at " + url() + " is still running");
        }
        try {
            process = start(command, home, console);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start OpenSearch again", e);
        }
    }

    @Override
    public void awaitReady() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (access.ssl() != null) {
            builder.sslContext(access.ssl());
        }
        HttpClient client = builder.build();
        URI health = URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=2s");
        try {
            Awaitility.await("OpenSearch ready at " + url()).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("OpenSearch exited with code " + process.exitValue()
                                    + ":\n" + tail());
                        }
                        try {
                            HttpRequest.Builder request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5));
                            if (access.authorization() != null) {
                                request.header("Authorization", access.authorization());
                            }
                            return client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode() == 200;
                        } catch (IOException e) {
                            return false; // not listening yet
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("OpenSearch did not become ready within " + START_TIMEOUT + ":\n" + tail(), e);
        }
    }

    @Override
    public String url() {
        return access.scheme() + "://127.0.0.1:" + httpPort;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console output: " + e.getMessage() + ")";
        }
    }

    /**
     * A test JVM killed hard (no shutdown hook) leaves its OpenSearch behind. Each node's folder records
     * the JVM that owns it; nodes whose owner is gone are stopped and their folders removed.
     */
    private static void reapOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> bases = Files.list(tmp)) {
            for (Path base : bases.filter(p -> p.getFileName().toString().startsWith(BASE_PREFIX)).toList()) {
                Path owner = base.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(owner).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                String marker = base.toString();
                ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                        .forEach(ProcessHandle::destroyForcibly);
                delete(base);
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: an orphan only costs memory
        }
    }

    private static void delete(Path base) {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder left behind is harmless
        }
    }

    /** The integ-test-zip of {@code version}, which the build copied from Maven Central into the local repository. */
    static Path distribution(String version) {
        String configured = VERSION.equals(version) ? System.getProperty("testsupport.opensearch.zip") : null;
        Path zip = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "opensearch", "distribution",
                        "integ-test-zip", "opensearch", version, "opensearch-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("OpenSearch distribution not found at " + zip
                    + ": run the tests through Maven (./mvnw verify), which copies it from Maven Central");
        }
        return zip;
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        String first = extract(zip, into, name -> true);
        if (first == null) {
            throw new IOException(zip + " is empty");
        }
        Path home = into.resolve(Path.of(first).getName(0));
        try (Stream<Path> bin = Files.list(home.resolve("bin"))) {
            bin.forEach(p -> p.toFile().setExecutable(true, false));
        }
        return home;
    }

    /** Extracts the entries of {@code zip} that {@code wanted} accepts into {@code into}; the first entry's name. */
    static String extract(Path zip, Path into, java.util.function.Predicate<String> wanted) throws IOException {
        String first = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (!wanted.test(entry.getName())) {
                    continue;
                }
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (first == null) {
                    first = entry.getName();
                }
            }
        }
        return first;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static synchronized void ensureUser() {
        if (run(List.of("id", "-u", USER)) == 0) {
            return;
        }
        int exit = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER));
        if (exit != 0 && run(List.of("id", "-u", USER)) != 0) {
            throw new IllegalStateException("OpenSearch refuses to run as root and the system user '" + USER
                    + "' could not be created (useradd exit " + exit + "); create it or set MIHARI_OPENSEARCH_USER");
        }
    }

    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream out = p.getInputStream()) {
                out.transferTo(OutputStreamSink.INSTANCE);
            }
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    @Override
    public void close() {
        // Stop OpenSearch itself; runuser/setsid then end on their own. Signalling runuser first would
        // make it kill its child hard after two seconds.
        process.descendants().forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(base);
    }

    /** Discards a child's output. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
