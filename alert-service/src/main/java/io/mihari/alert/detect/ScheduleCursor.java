package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.BatchSchedules;

import java.time.Instant;
import java.util.Optional;

/**
 * How far the instants of a schedule (a batch job's starts, a linkage file's deadlines: {@link BatchSchedules}) have
 * been judged: every instant up to {@link #settledUntil()} is settled; the first one after it is computed once and
 * kept until it is settled or the schedule changes. Not watching yet until {@link #watchFrom}. Not thread-safe (used
 * under its monitor's lock).
 */
final class ScheduleCursor {

    private Instant settledUntil;
    private Instant pending;
    private boolean noMore;

    /** Instants at or before this are settled; null while not watching. */
    Instant settledUntil() {
        return settledUntil;
    }

    /** Starts watching at {@code since}, unless it watches already. */
    void watchFrom(Instant since) {
        if (settledUntil == null) {
            restartAt(since);
        }
    }

    /** Watches from {@code since} on, whatever was settled before. */
    void restartAt(Instant since) {
        settledUntil = since;
        rescheduled();
    }

    /** The schedule changed: its next instant is computed again. */
    void rescheduled() {
        pending = null;
        noMore = false;
    }

    /** The first instant of {@code schedule} not settled yet; null when not watching or there is none (more). */
    Instant pending(BatchJob schedule) {
        if (settledUntil == null || schedule == null || schedule.schedule() == null || noMore) {
            return null;
        }
        if (pending == null) {
            Optional<Instant> next = BatchSchedules.next(schedule, settledUntil);
            pending = next.orElse(null);
            noMore = next.isEmpty();
        }
        return pending;
    }

    /** {@code instant} (the pending one) is judged. */
    void settle(Instant instant) {
        settledUntil = instant;
        pending = null;
    }
}
