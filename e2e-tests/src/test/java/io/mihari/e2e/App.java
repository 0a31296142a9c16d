package io.mihari.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** One packaged Mihari application running as its own process, as it runs in production. */
final class App implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final List<String> command;
    private Process process;
    /** Where this process's output begins in {@link #log}, which earlier runs of the module may have written. */
    private long logStart;

    private App(String name, Path log, List<String> command) {
        this.name = name;
        this.log = log;
        this.command = command;
    }

    /** {@code java -Xmx… -Dk=v… -jar <module>/target/quarkus-app/quarkus-run.jar args…}. */
    static App of(String module, Path repo, Path logs, String heap, Map<String, String> config, String... args) {
        return of(module, module, repo, logs, heap, List.of(), config, args);
    }

    /** {@link #of(String, Path, Path, String, Map, String...)} with more JVM options (e.g. GC, a flight recording). */
    static App of(String module, Path repo, Path logs, String heap, List<String> jvmOptions, Map<String, String> config,
            String... args) {
        return of(module, module, repo, logs, heap, jvmOptions, config, args);
    }

    /**
     * As {@link #of(String, Path, Path, String, Map, String...)}, logging to {@code <logName>.log} (e.g. a second
     * instance of the same module) with extra JVM options before the system properties (e.g. a flight recording).
     */
    static App of(String module, String logName, Path repo, Path logs, String heap, List<String> jvmOptions,
            Map<String, String> config, String... args) {
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven from the root (./mvnw verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // the command-signing test keys: dashboard-api signs, alert-service verifies
        io.mihari.testsupport.TestCommands.configFor(module).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return new App(module, logs.resolve(logName + ".log"), command);
    }

    App start() {
        try {
            Files.createDirectories(log.getParent());
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code url} answers 200, failing early (with the log) if the process dies. */
    App awaitReady(String url) {
        return awaitReady(url, HTTP);
    }

    /** {@link #awaitReady(String)} through {@code client} (e.g. one trusting a test CA for https). */
    App awaitReady(String url, HttpClient client) {
        await(name + " ready at " + url).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                    }
                    try {
                        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /**
     * Waits until this process has logged {@code text} (the log file is shared with earlier runs, e.g. before a
     * restart: their lines do not count).
     */
    App awaitLog(String text) {
        await(name + " logs '" + text + "'").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                    }
                    return ownLog().contains(text);
                });
        return this;
    }

    /** What this process has written to the log so far. */
    private String ownLog() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The operating system's id of the running process (for sampling its memory in /proc). */
    long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return process.pid();
    }

    /** Kills the process as a crash or a power cut would: no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
