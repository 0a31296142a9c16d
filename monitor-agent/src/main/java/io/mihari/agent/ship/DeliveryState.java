package io.mihari.agent.ship;

import io.mihari.agent.spool.Spool;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Properties;

/**
 * How delivery to Kafka goes, as the running agent last saw it, in {@code delivery-state.properties} beside the
 * spool: {@code mihari-agent status} (without {@code --application}) shows it to the operator — e.g. that the agent's
 * ACL was withdrawn and its events are spooled. Written when the state or the error changes, and at least every
 * 30 s while running; replaced atomically, so a reader never sees half a file.
 */
public final class DeliveryState {

    static final String FILE = "delivery-state.properties";
    private static final String KEY_PREFIX = "pending.key.";
    private static final Duration REFRESH = Duration.ofSeconds(30);

    /**
     * What the file says.
     *
     * @param spool what waits in the spool and how it is encrypted; empty when the agent that wrote the file did
     *              not say (an agent from before spool encryption)
     */
    public record Snapshot(boolean failing, Instant since, String error, long pending, Instant updatedAt,
            Optional<Spool.Backlog> spool) {
    }

    private final Path file;
    private final Clock clock;
    private Boolean failing;
    private String error;
    private Instant since;
    private Instant written = Instant.EPOCH;
    private Spool.Backlog backlog;

    public DeliveryState(Path spoolDir, Clock clock) {
        this.file = spoolDir.resolve(FILE);
        this.clock = clock;
    }

    /**
     * Continues what an earlier process wrote (a short-lived command after the daemon, or the next command): a
     * failure that goes on keeps the instant it began.
     */
    public static DeliveryState open(Path spoolDir, Clock clock) {
        DeliveryState state = new DeliveryState(spoolDir, clock);
        read(spoolDir).ifPresent(s -> {
            state.failing = s.failing();
            state.since = s.since();
            state.error = s.error();
        });
        return state;
    }

    /** Records one outcome of a delivery attempt (null error: delivered) and what waits in the spool after it. */
    public void record(String failure, Spool.Backlog waiting) {
        backlog = waiting;
        record(failure, waiting.records());
    }

    /** Records one outcome of a delivery attempt (null error: delivered). */
    public void record(String failure, long pending) {
        Instant now = clock.instant();
        boolean nowFailing = failure != null;
        boolean changed = failing == null || failing != nowFailing || (nowFailing && !failure.equals(error));
        if (failing == null || failing != nowFailing) {
            since = now;
        }
        failing = nowFailing;
        error = failure;
        if (changed || !now.isBefore(written.plus(REFRESH))) {
            write(pending, now);
        }
    }

    private void write(long pending, Instant now) {
        Properties p = new Properties();
        p.setProperty("state", failing ? "FAILING" : "DELIVERING");
        p.setProperty("since", since.toString());
        p.setProperty("pending", Long.toString(pending));
        p.setProperty("updatedAt", now.toString());
        if (error != null) {
            p.setProperty("error", error);
        }
        if (backlog != null) {
            p.setProperty("encryption", backlog.currentKey().isPresent() ? "on" : "off");
            backlog.currentKey().ifPresent(key -> p.setProperty("encryption.key", key));
            p.setProperty("pending.unencrypted", Long.toString(backlog.unencrypted()));
            backlog.byKey().forEach((key, count) -> p.setProperty(KEY_PREFIX + key, Long.toString(count)));
            p.setProperty("unreadable", Long.toString(backlog.unreadable()));
        }
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "written by the running mihari-agent; shown by mihari-agent status");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            written = now;
        } catch (IOException e) {
            // the state is for people; delivery goes on without it
        }
    }

    /** What the running agent last wrote beside the spool in {@code spoolDir}; empty when nothing was. */
    public static Optional<Snapshot> read(Path spoolDir) {
        Path file = spoolDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            long pending = Long.parseLong(p.getProperty("pending", "0"));
            Optional<Spool.Backlog> spool = Optional.empty();
            if (p.getProperty("encryption") != null) {
                Map<String, Long> byKey = new TreeMap<>();
                for (String name : p.stringPropertyNames()) {
                    if (name.startsWith(KEY_PREFIX)) {
                        byKey.put(name.substring(KEY_PREFIX.length()), Long.parseLong(p.getProperty(name)));
                    }
                }
                spool = Optional.of(new Spool.Backlog(pending, Long.parseLong(p.getProperty("pending.unencrypted", "0")),
                        new TreeMap<>(byKey), Optional.ofNullable(p.getProperty("encryption.key")),
                        Long.parseLong(p.getProperty("unreadable", "0"))));
            }
            return Optional.of(new Snapshot("FAILING".equals(p.getProperty("state")),
                    Instant.parse(p.getProperty("since")), p.getProperty("error"),
                    pending, Instant.parse(p.getProperty("updatedAt")), spool));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
