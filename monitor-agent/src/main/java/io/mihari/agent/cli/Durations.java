package io.mihari.agent.cli;

import io.mihari.model.catalog.CatalogLoader;

import java.time.Duration;

/** Command-line durations: {@code 90s}, {@code 15m}, {@code 2h} or ISO-8601 {@code PT2H}. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String text) {
        try {
            Duration d = CatalogLoader.parseDuration(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 15m, 2h or PT2H", e);
        }
    }
}
