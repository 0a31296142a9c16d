package io.mihari.agent.ship;

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
import java.util.Optional;
import java.util.Properties;

/**
 * How delivery to Kafka goes, as the running agent last saw it, in {@code delivery-state.properties} beside the
 * spool: {@code mihari-agent status} (without {@code --application}) shows it to the operator — e.g. that the agent's
 * ACL was withdrawn and its events are spooled. Written when the state or the error changes, and at least every
 * 30 s while running; replaced atomically, so a reader never sees half a file.
 */
public final class DeliveryState {

    static final String FILE = "delivery-state.properties";
    private static final Duration REFRESH = Duration.ofSeconds(30);

    /** What the file says. */
    public record Snapshot(boolean failing, Instant since, String error, long pending, Instant updatedAt) {
    }

    private final Path file;
    private final Clock clock;
    private Boolean failing;
    private String error;
    private Instant since;
    private Instant written = Instant.EPOCH;

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
            return Optional.of(new Snapshot("FAILING".equals(p.getProperty("state")),
                    Instant.parse(p.getProperty("since")), p.getProperty("error"),
                    Long.parseLong(p.getProperty("pending", "0")), Instant.parse(p.getProperty("updatedAt"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
