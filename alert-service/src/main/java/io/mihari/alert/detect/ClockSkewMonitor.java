package io.mihari.alert.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Clock skew 時刻ずれ of agents: on every heartbeat the agent's clock (the event's {@code occurredAt}, its wall time
 * when it sent) is compared with alert-service's receive time ({@code receivedAt}). It only watches: heartbeats
 * count at receipt ({@link LivenessMonitor}) whatever this finds. Pure logic, no I/O; not thread-safe (used under
 * {@link TargetDetection}'s lock).
 *
 * <p><b>The estimate.</b> A heartbeat sent at true time {@code s} carries {@code occurredAt = s + offset} and is
 * received at {@code s + transit}, so {@code occurredAt - receivedAt = offset - transit}: never more than the
 * offset. The estimate is the <em>largest</em> {@code occurredAt - receivedAt} of the last {@link #WINDOW}
 * heartbeats delivered live, i.e. the one with the least transit delay: positive when the agent's clock is ahead,
 * negative when it is behind. One heartbeat delayed on its way only lowers its own value and is outvoted.
 *
 * <p><b>Replays are left out.</b> After an outage the agent's spool delivers old heartbeats in a burst: their old
 * {@code occurredAt} would read as a clock minutes behind. A heartbeat is part of a burst when it was received less
 * than half an interval after the heartbeat before it (same agent, higher {@code seq}) and in less than half the time
 * its agent took between sending the two; it is left out, and so is the heartbeat before it (the burst's first: the
 * one delivered after the outage, dated at its start). (A clock set forward is no burst: its heartbeats still arrive
 * an interval apart.) A heartbeat delivered twice
 * (a {@code seq} not above the last one of the same agent) is ignored. The same rule leaves out heartbeats that
 * alert-service itself read late in one batch (catching up on the topic).
 *
 * <p><b>Alerts</b>, one per target, key {@code Alert.key(targetId, CLOCK_SKEW, "clock")}, judged on every live
 * heartbeat with {@code n} = {@link Settings#heartbeats()}: with no alert open, {@code n} consecutive estimates at
 * or beyond the major threshold fire MAJOR, else {@code n} at or beyond the warning threshold fire WARNING (cause
 * {@link #CAUSE}); an open WARNING rises to MAJOR after {@code n} consecutive estimates at or beyond major; an open
 * MAJOR falls to WARNING after {@code n} consecutive estimates below major; either ends (cause {@link #CAUSE_OK})
 * after {@code n} consecutive estimates below the warning threshold. Thresholds apply to the size of the offset,
 * ahead or behind. Every alert is at the receipt of the heartbeat that decided it; its summary names the target and
 * the offset ({@code agent clock 92.4 s ahead of Mihari}), its facts carry the offset ({@link Alert#OFFSET},
 * signed seconds) and the threshold crossed ({@link Alert#THRESHOLD}).
 *
 * <p><b>Where the offset lives.</b> The latest estimate of each target is kept here ({@link #offset}) and handed out
 * for storing with the target's status document ({@link #toStore}): when there is none stored yet (also after each
 * status change of the target, {@link #storeAgain}), when the alert changes, and otherwise at most every
 * {@link #STORE_EVERY} when it moved by {@link #STORE_STEP} or more, and every {@link #STORE_REFRESH} in any case.
 */
public final class ClockSkewMonitor {

    public static final String CAUSE = "CLOCK_SKEW";
    public static final String CAUSE_OK = "CLOCK_OK";
    /** The subject of the one skew alert of a target. */
    public static final String SUBJECT = "clock";
    /** Live heartbeats the estimate looks back over. */
    static final int WINDOW = 5;
    /** An estimate that moved by this much since the one stored is stored again (at most every {@link #STORE_EVERY}). */
    static final Duration STORE_STEP = Duration.ofMillis(100);
    static final Duration STORE_EVERY = Duration.ofMinutes(1);
    /** The stored estimate is renewed this often even when it did not move, so its instant says it is current. */
    static final Duration STORE_REFRESH = Duration.ofMinutes(15);

    /**
     * The settings {@code mihari.clock-skew.*}.
     *
     * @param warning an offset this large (ahead or behind) is a WARNING
     * @param major an offset this large is MAJOR; more than {@code warning}
     * @param heartbeats consecutive heartbeats beyond (or back within) a threshold before the alert changes
     */
    public record Settings(Duration warning, Duration major, int heartbeats) {

        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), 3);

        public Settings {
            if (warning == null || warning.isNegative() || warning.isZero()) {
                throw new IllegalArgumentException("mihari.clock-skew.warning must be more than 0, was " + warning);
            }
            if (major == null || major.compareTo(warning) <= 0) {
                throw new IllegalArgumentException("mihari.clock-skew.major must be more than mihari.clock-skew.warning ("
                        + warning + "), was " + major);
            }
            if (major.compareTo(Duration.ofHours(12)) > 0) {
                throw new IllegalArgumentException("mihari.clock-skew.major must be at most 12h, was " + major);
            }
            if (heartbeats < 1 || heartbeats > WINDOW * 20) {
                throw new IllegalArgumentException("mihari.clock-skew.heartbeats must be between 1 and "
                        + WINDOW * 20 + ", was " + heartbeats);
            }
        }
    }

    /**
     * The latest estimate of a target's clock offset.
     *
     * @param offset the agent's clock minus Mihari's: positive ahead, negative behind
     * @param at the receipt of the heartbeat it was estimated on
     */
    public record Offset(Duration offset, Instant at) {

        /** Signed seconds with one decimal, e.g. {@code 92.4} or {@code -3.0}. */
        public String seconds() {
            return ClockSkewMonitor.seconds(offset);
        }
    }

    /** One live heartbeat of the window: its seq and {@code occurredAt - receivedAt} in milliseconds. */
    private record Sample(long seq, long aheadMillis) {
    }

    /** What is known of one target's clock; changed in place. */
    private static final class Watch {
        String agentId;
        long seq = -1;
        Instant occurredAt;
        Instant receivedAt;
        final ArrayDeque<Sample> recent = new ArrayDeque<>();
        /** The open alert's severity; null when none is open. */
        Severity level;
        Instant openSince;
        int atOrAboveWarning;
        int atOrAboveMajor;
        int belowWarning;
        int belowMajor;
        Offset latest;
        /** The estimate last handed out for storing; null: none (or it must be stored again). */
        Offset stored;
    }

    private final Settings settings;
    private final Map<String, Watch> watches = new HashMap<>();
    /** Estimates to store, by target, in the order they were made. */
    private final Map<String, Offset> toStore = new java.util.LinkedHashMap<>();

    public ClockSkewMonitor(Settings settings) {
        this.settings = settings;
    }

    /**
     * A heartbeat of {@code targetId} from agent {@code agentId} with sequence number {@code seq}, dated
     * {@code occurredAt} by the agent and received at {@code receivedAt}; the agent sends one every {@code interval}.
     *
     * @return the skew alert that fired, changed severity or ended, if any
     */
    public Optional<Alert> onHeartbeat(String targetId, String agentId, long seq, Instant occurredAt,
            Instant receivedAt, Duration interval) {
        Watch w = watches.computeIfAbsent(targetId, id -> new Watch());
        boolean sameAgent = agentId.equals(w.agentId);
        if (sameAgent && seq <= w.seq) {
            return Optional.empty(); // delivered again, or older than one already seen
        }
        boolean burst = false;
        if (sameAgent) {
            long sent = Duration.between(w.occurredAt, occurredAt).toMillis();
            long received = Duration.between(w.receivedAt, receivedAt).toMillis();
            burst = received * 2 < interval.toMillis() && received * 2 < sent;
        }
        if (burst) {
            long previous = w.seq;
            w.recent.removeIf(s -> s.seq() == previous); // the burst's first was delivered late as well
        }
        w.agentId = agentId;
        w.seq = seq;
        w.occurredAt = occurredAt;
        w.receivedAt = receivedAt;
        if (burst) {
            return Optional.empty();
        }
        w.recent.addLast(new Sample(seq, Duration.between(receivedAt, occurredAt).toMillis()));
        while (w.recent.size() > WINDOW) {
            w.recent.removeFirst();
        }
        Duration estimate = Duration.ofMillis(w.recent.stream().mapToLong(Sample::aheadMillis).max().orElseThrow());
        w.latest = new Offset(estimate, receivedAt);
        Severity levelBefore = w.level;
        Optional<Alert> alert = judge(targetId, w, estimate, receivedAt);
        if (w.stored == null || w.level != levelBefore || due(w.stored, w.latest)) {
            w.stored = w.latest;
            toStore.put(targetId, w.latest);
        }
        return alert;
    }

    private static boolean due(Offset stored, Offset latest) {
        Duration since = Duration.between(stored.at(), latest.at());
        return since.compareTo(STORE_REFRESH) >= 0 || since.compareTo(STORE_EVERY) >= 0
                && latest.offset().minus(stored.offset()).abs().compareTo(STORE_STEP) >= 0;
    }

    /** The estimates to store with the targets' status documents since the last call, by target; then none. */
    public Map<String, Offset> toStore() {
        Map<String, Offset> out = Map.copyOf(toStore);
        toStore.clear();
        return out;
    }

    /**
     * The target's stored estimate is gone (its status document was rewritten by a status change, or the write
     * failed): its next estimate is stored.
     */
    public void storeAgain(String targetId) {
        Watch w = watches.get(targetId);
        if (w != null) {
            w.stored = null;
        }
    }

    private Optional<Alert> judge(String targetId, Watch w, Duration estimate, Instant at) {
        Duration size = estimate.abs();
        boolean beyondWarning = size.compareTo(settings.warning()) >= 0;
        boolean beyondMajor = size.compareTo(settings.major()) >= 0;
        w.atOrAboveWarning = beyondWarning ? w.atOrAboveWarning + 1 : 0;
        w.belowWarning = beyondWarning ? 0 : w.belowWarning + 1;
        w.atOrAboveMajor = beyondMajor ? w.atOrAboveMajor + 1 : 0;
        w.belowMajor = beyondMajor ? 0 : w.belowMajor + 1;
        int n = settings.heartbeats();
        Severity next = w.level;
        if (w.level == null) {
            next = w.atOrAboveMajor >= n ? Severity.MAJOR : w.atOrAboveWarning >= n ? Severity.WARNING : null;
        } else if (w.belowWarning >= n) {
            next = null;
        } else if (w.level == Severity.WARNING && w.atOrAboveMajor >= n) {
            next = Severity.MAJOR;
        } else if (w.level == Severity.MAJOR && w.belowMajor >= n) {
            next = Severity.WARNING;
        }
        if (next == w.level) {
            return Optional.empty();
        }
        Severity before = w.level;
        w.level = next;
        if (next == null) {
            w.openSince = null;
            return Optional.of(new Alert(key(targetId), AlertKind.CLOCK_SKEW, before, false, targetId, at, CAUSE_OK,
                    targetId + ": agent clock back within " + seconds(settings.warning()) + " s of Mihari ("
                            + describe(estimate) + ")", facts(estimate, settings.warning())));
        }
        if (before == null) {
            w.openSince = at;
        }
        Duration threshold = next == Severity.MAJOR ? settings.major() : settings.warning();
        return Optional.of(new Alert(key(targetId), AlertKind.CLOCK_SKEW, next, true, targetId, at, CAUSE,
                targetId + ": agent clock " + describe(estimate) + " (" + next.name().toLowerCase(Locale.ROOT)
                        + " at " + seconds(threshold) + " s)", facts(estimate, threshold)));
    }

    /**
     * Takes up a skew alert still open in an incident after a restart, as a WARNING open since {@code since}: the
     * target's next heartbeats end it ({@code n} within the warning threshold) or raise it to MAJOR.
     */
    public void restore(String targetId, Instant since) {
        Watch w = watches.computeIfAbsent(targetId, id -> new Watch());
        if (w.level == null) {
            w.level = Severity.WARNING;
            w.openSince = since;
        }
    }

    /** The latest estimate of a target's clock offset, if one was made. */
    public Optional<Offset> offset(String targetId) {
        Watch w = watches.get(targetId);
        return w == null ? Optional.empty() : Optional.ofNullable(w.latest);
    }

    /** Forgets every target whose id matches (watched elsewhere now). */
    public void forgetIf(Predicate<String> targetId) {
        watches.keySet().removeIf(targetId);
        toStore.keySet().removeIf(targetId);
    }

    public static String key(String targetId) {
        return Alert.key(targetId, AlertKind.CLOCK_SKEW, SUBJECT);
    }

    /** {@code 92.4 s ahead of Mihari} / {@code 3.0 s behind Mihari}. */
    static String describe(Duration offset) {
        return seconds(offset.abs()) + " s " + (offset.isNegative() ? "behind" : "ahead of") + " Mihari";
    }

    /** Signed seconds with one decimal, rounded half up: {@code 92.4}, {@code -3.0}. */
    static String seconds(Duration d) {
        return new java.math.BigDecimal(d.toMillis()).movePointLeft(3)
                .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static Map<String, String> facts(Duration offset, Duration threshold) {
        return Map.of(Alert.OFFSET, seconds(offset), Alert.THRESHOLD, seconds(threshold) + " s");
    }
}
