package io.mihari.alert.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * Tells a stall of ingest (nothing could be read: Kafka unreachable, ingest held up) from a clock that moved, when the
 * horizon of what ingest has seen jumps forward. A stall is a jump of more than {@code stall} after the horizon had
 * not been <em>current</em> (within {@code stall} of the clock) for more than {@code stall} of real, monotonic time:
 * ingest confirms the partitions' ends every second, so a horizon that keeps up is current, and a test clock moved
 * forward (or a time correction) makes it jump right after it was current — no stall.
 *
 * <p>"Current", not "moved": after a Kafka outage the consumer first reads what was appended just before the broker
 * died (the horizon creeps forward to the instant of the kill) and only then confirms the ends; a rule measuring from
 * the horizon's last move saw it move 0.1 s before the jump and missed the stall (FaultsShortTest, CI on 98cab56:
 * "ingest horizon jumped PT53.509S … after standing still PT0.096867793S: no stall", the real agent then DOWN).
 */
final class HorizonStalls {

    /** A jump of the horizon by more than the stall threshold: a stall from {@code from}, or a clock that moved. */
    record Jump(Instant from, Instant to, Duration notCurrentFor, boolean stall) {
    }

    private final Duration stall;
    /** When (monotonic nanoseconds) the horizon was last current. */
    private long currentNanos;

    HorizonStalls(Duration stall, long startNanos) {
        this.stall = stall;
        this.currentNanos = startNanos;
    }

    /**
     * The horizon went from {@code before} (null: unknown) to {@code horizon} at {@code now} (the clock) and
     * {@code tick} (monotonic nanoseconds). @return the jump when it is more than the threshold, else null
     */
    Jump seen(Instant before, Instant horizon, Instant now, long tick) {
        Jump jump = null;
        if (before != null && horizon != null && horizon.isAfter(before)) {
            Duration gap = Duration.between(before, horizon);
            Duration notCurrent = Duration.ofNanos(tick - currentNanos);
            if (gap.compareTo(stall) > 0) {
                boolean isStall = notCurrent.compareTo(stall) > 0;
                // the stall began when the horizon was last current (or at the old horizon, when that is later)
                Instant from = gap.compareTo(notCurrent) > 0 ? horizon.minus(notCurrent) : before;
                jump = new Jump(isStall ? from : before, horizon, notCurrent, isStall);
            }
        }
        if (horizon != null && !horizon.isBefore(now.minus(stall))) {
            currentNanos = tick;
        }
        return jump;
    }
}
