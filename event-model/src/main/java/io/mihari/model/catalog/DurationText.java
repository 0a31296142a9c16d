package io.mihari.model.catalog;

import java.time.Duration;

/** A duration as the catalog writes it ({@code 3d}, {@code 12h}, {@code 90m}, {@code 30s}), for messages people read. */
public final class DurationText {

    private DurationText() {
    }

    /** The largest whole unit of days, hours, minutes or seconds; ISO-8601 ({@code PT0.5S}) for anything finer. */
    public static String of(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() != 0) {
            return d.toString();
        }
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
