package io.mihari.alert.ingest;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Warnings that a flood cannot turn into a flood of log lines: per kind, the first is logged at once, then at
 * most one per {@code every}, saying how many were left out since the last one.
 */
final class RateLimitedLog {

    private final Logger logger;
    private final Clock clock;
    private final Duration every;
    private final Map<String, State> states = new HashMap<>();

    private static final class State {
        Instant last;
        long suppressed;
    }

    RateLimitedLog(Logger logger, Clock clock, Duration every) {
        this.logger = logger;
        this.clock = clock;
        this.every = every;
    }

    /** @return whether this one was logged */
    synchronized boolean warn(String kind, String format, Object... args) {
        Instant now = clock.instant();
        State state = states.computeIfAbsent(kind, k -> new State());
        if (state.last != null && now.isBefore(state.last.plus(every))) {
            state.suppressed++;
            return false;
        }
        String message = String.format(format, args);
        if (state.suppressed > 0) {
            message += " (and " + state.suppressed + " more of this kind since " + state.last + ")";
        }
        logger.warn(message);
        state.last = now;
        state.suppressed = 0;
        return true;
    }
}
