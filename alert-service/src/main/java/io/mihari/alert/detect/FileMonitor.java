package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchSchedules;
import io.mihari.model.catalog.LinkageFile;
import io.mihari.model.event.FileArrival;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Linkage file monitoring 連携ファイル監視: a file one system places for another must arrive by each deadline of its
 * catalog entry ({@link LinkageFile}), not empty, once, with a matching checksum. Pure logic, no I/O; time is always
 * passed in. One problem per (target, file) at a time, keyed {@code Alert.key(targetId, BATCH, "file:" + name)}
 * (kind {@link AlertKind#BATCH}, so incidents need nothing new).
 *
 * <p><b>Windows.</b> Each deadline {@code S} (the file's {@code schedule} on its business calendar, computed by
 * {@link BatchSchedules} exactly as a job's scheduled instants; a day its {@code on}/{@code shift} leaves out has no
 * deadline) owns the arrivals after the previous deadline up to and including {@code S}. An arrival's instant is
 * the file's modification time when that is at most {@link #SEEN_WITHIN} before the agent saw it (a file just
 * written, found on the agent's next scans), else the instant the agent saw it (a file copied with an old time
 * kept, e.g. {@code rsync -a}).
 *
 * <ul>
 * <li><b>Missing</b>: when {@code evaluate(now)} finds {@code now >= S + }{@link #SEEN_WITHIN} (the agent's two
 *     scans and the trip through Kafka; a stall of ingest postpones it, {@link Stalls#judgeAt}) and nothing arrived
 *     in {@code S}'s window: {@code FILE_MISSING} ({@link Severity#MAJOR}) at exactly {@code S}, unless the problem
 *     is FILE_MISSING already (one alert for a file that keeps not coming). Only windows that began after watching
 *     began are judged (watching begins at the first {@link #evaluate} that lists the file): arrivals before it are
 *     not known, so the window across it says nothing — unless the file was {@link #restore restored} after a
 *     restart from its stored arrivals, which makes the window across the restart known.</li>
 * <li><b>Empty</b>: an arrival of fewer than {@code minBytes} bytes: {@code FILE_EMPTY} (MAJOR) at the arrival.</li>
 * <li><b>Checksum</b>: an arrival whose {@code checksumOk} is false (the sidecar {@code <file>.sha256} is missing
 *     or holds another digest): {@code FILE_CHECKSUM_MISMATCH} (MAJOR) at the arrival.</li>
 * <li><b>Duplicate</b>: a second good arrival (another path, size or time) in one window:
 *     {@code FILE_DUPLICATE} ({@link Severity#WARNING}) at the arrival. A good file after an empty or broken one
 *     (a corrected re-send) is not a duplicate.</li>
 * <li><b>Resolved</b>: the next good arrival that is not a duplicate resolves whatever the problem is
 *     ({@code FILE_ARRIVED}, at the arrival, never before the problem began). A good arrival after a
 *     FILE_MISSING counts for the missed window, so the next window's own file is not a duplicate.</li>
 * </ul>
 *
 * <p>The same arrival (path, size, time) applied twice is ignored. A file the catalog does not list says nothing.
 */
public final class FileMonitor {

    public static final String CAUSE_MISSING = "FILE_MISSING";
    public static final String CAUSE_EMPTY = "FILE_EMPTY";
    public static final String CAUSE_DUPLICATE = "FILE_DUPLICATE";
    public static final String CAUSE_CHECKSUM_MISMATCH = "FILE_CHECKSUM_MISMATCH";
    public static final String CAUSE_ARRIVED = "FILE_ARRIVED";
    /** The subject prefix of a file's problem: {@code tenant/host|BATCH|file:NAME}. */
    public static final String SUBJECT_PREFIX = "file:";
    /** How long after a deadline a file written just before it may take to be reported (two scans, Kafka). */
    public static final Duration SEEN_WITHIN = Duration.ofMinutes(2);

    /** How far back {@link #lastJudged} looks for a file's last deadline (a yearly file's gap, as the board's). */
    public static final Duration RESTORE_LOOKBACK = Duration.ofDays(400);

    private static final int MAX_SEEN = 256;
    private static final int MAX_WINDOWS = 64;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private static final class FileState {
        final String targetId;
        final String name;
        final String key;
        LinkageFile file;
        /** how far the deadlines are settled */
        final ScheduleCursor deadlines = new ScheduleCursor();
        /** whether the pending deadline's window began after watching began */
        boolean windowKnown;
        /** good arrivals by the deadline whose window they fall in: identity → arrival instant */
        final TreeMap<Instant, Set<String>> good = new TreeMap<>();
        /** deadlines with any arrival (also an empty or broken one) */
        final TreeMap<Instant, Boolean> arrived = new TreeMap<>();
        final Set<String> seen = new LinkedHashSet<>();
        Alert firing;
        /** while FILE_MISSING fires: the missed deadline */
        Instant missedDeadline;

        FileState(String targetId, String name) {
            this.targetId = targetId;
            this.name = name;
            this.key = key(targetId, name);
        }

        void define(LinkageFile definition) {
            if (definition != null && !definition.equals(file)) {
                boolean scheduleChanged = file == null || !file.deadlines().equals(definition.deadlines());
                file = definition;
                if (scheduleChanged) {
                    deadlines.rescheduled();
                }
            }
        }
    }

    private final Map<String, FileState> files = new HashMap<>();
    private final Stalls stalls;

    public FileMonitor() {
        this(Stalls.none());
    }

    public FileMonitor(Stalls stalls) {
        this.stalls = Objects.requireNonNull(stalls, "stalls");
    }

    /** {@code tenant/host|BATCH|file:NAME}. */
    public static String key(String targetId, String name) {
        return Alert.key(targetId, AlertKind.BATCH, SUBJECT_PREFIX + name);
    }

    /**
     * Applies one arrival reported by the agent on {@code targetId} at {@code at}.
     *
     * @param file the catalog's entry, empty when the catalog does not list the file (then nothing is judged)
     * @return the alerts it fired or resolved, in order
     */
    public synchronized List<Alert> onArrival(String targetId, Optional<LinkageFile> file, FileArrival arrival,
            Instant at) {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(at, "at");
        if (file.isEmpty()) {
            return List.of();
        }
        FileState state = files.computeIfAbsent(targetId + "|" + arrival.file(),
                k -> new FileState(targetId, arrival.file()));
        state.define(file.get());
        String identity = arrival.path() + "|" + arrival.sizeBytes() + "|" + arrival.modifiedAt();
        if (!state.seen.add(identity)) {
            return List.of(); // replayed
        }
        trim(state.seen);
        Instant arrivedAt = arrivedAt(arrival, at);
        Optional<Instant> due = BatchSchedules.next(state.file.deadlines(), arrivedAt.minusNanos(1));
        List<Alert> alerts = new ArrayList<>();
        LinkageFile f = state.file;
        if (arrival.sizeBytes() < f.minBytes()) {
            due.ifPresent(d -> state.arrived.put(d, true));
            fire(state, CAUSE_EMPTY, Severity.MAJOR, at, String.format("%s arrived with %d bytes (at least %d"
                    + " expected): %s", f.name(), arrival.sizeBytes(), f.minBytes(), arrival.path()), alerts,
                    facts(Alert.VALUE, Long.toString(arrival.sizeBytes()), Alert.EXPECTED,
                            Long.toString(f.minBytes()), Alert.MESSAGE, arrival.path()));
            return alerts;
        }
        if (Boolean.FALSE.equals(arrival.checksumOk())) {
            due.ifPresent(d -> state.arrived.put(d, true));
            String note = arrival.checksumNote() == null ? "the checksum does not match" : arrival.checksumNote();
            fire(state, CAUSE_CHECKSUM_MISMATCH, Severity.MAJOR, at, String.format("%s arrived with a bad checksum"
                    + " (%s): %s", f.name(), note, arrival.path()), alerts,
                    facts(Alert.MESSAGE, arrival.path(), Alert.EXPECTED, note));
            return alerts;
        }
        Instant window = state.firing != null && CAUSE_MISSING.equals(state.firing.cause())
                ? state.missedDeadline : due.orElse(null);
        if (window != null) {
            state.arrived.put(window, true);
            Set<String> goods = state.good.computeIfAbsent(window, k -> new LinkedHashSet<>());
            goods.add(identity);
            trimWindows(state);
            if (goods.size() > 1) {
                ZoneId zone = f.timeZone();
                fire(state, CAUSE_DUPLICATE, Severity.WARNING, at, String.format("%s arrived %d times for the"
                        + " deadline %s %s: %s", f.name(), goods.size(), LOCAL.format(window.atZone(zone)), zone,
                        arrival.path()), alerts, facts(Alert.MESSAGE, arrival.path(), Alert.SCHEDULED,
                                window.toString(), Alert.VALUE, Integer.toString(goods.size())));
                return alerts;
            }
        }
        if (state.firing != null) {
            Alert firing = state.firing;
            Instant when = at.isBefore(firing.at()) ? firing.at() : at;
            alerts.add(new Alert(state.key, AlertKind.BATCH, firing.severity(), false, state.targetId, when,
                    CAUSE_ARRIVED, String.format("%s arrived (%d bytes): %s", f.name(), arrival.sizeBytes(),
                            arrival.path()), facts(Alert.MESSAGE, arrival.path())));
            state.firing = null;
            state.missedDeadline = null;
        }
        return alerts;
    }

    /**
     * Declares missing files as of {@code now}. Files listed here for the first time are watched from {@code now}
     * on; files not listed are not evaluated.
     */
    public synchronized List<Alert> evaluate(Instant now, Collection<LinkageFile> watched) {
        Objects.requireNonNull(now, "now");
        List<Alert> alerts = new ArrayList<>();
        for (LinkageFile file : watched) {
            FileState state = files.computeIfAbsent(file.targetId() + "|" + file.name(),
                    k -> new FileState(file.targetId(), file.name()));
            state.define(file);
            if (state.deadlines.settledUntil() == null) {
                state.deadlines.restartAt(now);
                state.windowKnown = false;
            }
            missing(state, now, alerts);
        }
        return alerts;
    }

    /** An arrival as stored: the agent's report and the instant it counts at (as {@link #onArrival}'s {@code at}). */
    public record Arrival(FileArrival arrival, Instant at) {
        public Arrival {
            Objects.requireNonNull(arrival, "arrival");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The last deadline of {@code file} judged while it was watched until {@code watchedUntil} (at or before
     * {@code watchedUntil - }{@link #SEEN_WITHIN}), looked for up to {@link #RESTORE_LOOKBACK} back; empty when there
     * is none that recent. After a restart {@code watchedUntil} is when its partition was last watched (its alive
     * marker), so a deadline that fell while nobody watched is judged again.
     */
    public static Optional<Instant> lastJudged(LinkageFile file, Instant watchedUntil) {
        Instant cutoff = watchedUntil.minus(SEEN_WITHIN);
        for (Duration back : List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(8), Duration.ofDays(40),
                RESTORE_LOOKBACK)) {
            Instant last = null;
            Optional<Instant> next = BatchSchedules.next(file.deadlines(), cutoff.minus(back));
            while (next.isPresent() && !next.get().isAfter(cutoff)) {
                last = next.get();
                next = BatchSchedules.next(file.deadlines(), last);
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    /**
     * Watches a file again after a restart or a rebalance, before any event is consumed. Its deadlines up to
     * {@code lastJudged} ({@link #lastJudged}) were judged before; {@code arrivals} are those stored since
     * {@code lastJudged - }{@link #SEEN_WITHIN}, oldest first: applied as {@link #onArrival} would (their alerts
     * were raised before and are dropped now), they make the window after {@code lastJudged} known, so it is judged
     * at its deadline like any other; the same arrivals delivered again from the topic count once in their window. Without a
     * {@code lastJudged} the file is watched from the next {@link #evaluate}, as a new one.
     */
    public synchronized void restore(String targetId, LinkageFile file, Optional<Instant> lastJudged,
            List<Arrival> arrivals) {
        FileState state = files.computeIfAbsent(targetId + "|" + file.name(), k -> new FileState(targetId,
                file.name()));
        state.define(file);
        if (lastJudged.isEmpty()) {
            return;
        }
        state.deadlines.restartAt(lastJudged.get());
        state.windowKnown = true;
        for (Arrival a : arrivals) {
            onArrival(targetId, Optional.of(file), a.arrival(), a.at());
        }
        // the same arrivals read again from the topic are applied again: their alerts, if the restart came before
        // they were raised, are raised then (incidents take an alert they already have as the same one)
        state.seen.clear();
    }

    /** Drops everything known about the files of every target whose id matches (watched elsewhere now). */
    public synchronized void forgetIf(Predicate<String> targetId) {
        files.values().removeIf(s -> targetId.test(s.targetId));
    }

    private void missing(FileState state, Instant now, List<Alert> alerts) {
        while (true) {
            Instant deadline = pending(state);
            if (deadline == null || now.isBefore(stalls.judgeAt(deadline.plus(SEEN_WITHIN)))) {
                return;
            }
            boolean judged = state.windowKnown;
            state.deadlines.settle(deadline);
            state.windowKnown = true;
            boolean stillMissing = state.firing != null && CAUSE_MISSING.equals(state.firing.cause());
            if (judged && !state.arrived.containsKey(deadline) && stillMissing) {
                state.missedDeadline = deadline; // a late file now counts for the latest missed window
            } else if (judged && !state.arrived.containsKey(deadline)) {
                LinkageFile f = state.file;
                ZoneId zone = f.timeZone();
                String rule = f.calendarRule();
                fire(state, CAUSE_MISSING, Severity.MAJOR, deadline, String.format(
                        "%s (%s) was due by %s %s (%s%s) and has not arrived", f.name(), f.pattern(),
                        LOCAL.format(deadline.atZone(zone)), zone, f.schedule(), rule.isEmpty() ? "" : ", " + rule),
                        alerts, facts(Alert.SCHEDULED, deadline.toString(), Alert.MESSAGE, f.pattern(),
                                Alert.CALENDAR, rule.isEmpty() ? null : rule));
                state.missedDeadline = deadline;
            }
            state.arrived.headMap(deadline, true).clear();
            state.good.headMap(deadline, false).clear();
        }
    }

    private static Instant pending(FileState state) {
        return state.file == null ? null : state.deadlines.pending(state.file.deadlines());
    }

    /** The file's modification time when it is at most {@link #SEEN_WITHIN} before {@code at}, else {@code at}. */
    static Instant arrivedAt(FileArrival arrival, Instant at) {
        Instant modified = arrival.modifiedAt();
        return !modified.isAfter(at) && !modified.isBefore(at.minus(SEEN_WITHIN)) ? modified : at;
    }

    private static void fire(FileState state, String cause, Severity severity, Instant at, String summary,
            List<Alert> alerts, Map<String, String> facts) {
        Alert alert = new Alert(state.key, AlertKind.BATCH, severity, true, state.targetId, at, cause, summary,
                facts);
        state.firing = alert;
        if (!CAUSE_MISSING.equals(cause)) {
            state.missedDeadline = null;
        }
        alerts.add(alert);
    }

    private static Map<String, String> facts(String... namesAndValues) {
        Map<String, String> facts = new HashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                facts.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return facts;
    }

    private static void trim(Set<String> seen) {
        var it = seen.iterator();
        while (seen.size() > MAX_SEEN && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static void trimWindows(FileState state) {
        while (state.good.size() > MAX_WINDOWS) {
            state.good.pollFirstEntry();
        }
        while (state.arrived.size() > MAX_WINDOWS) {
            state.arrived.pollFirstEntry();
        }
    }
}
