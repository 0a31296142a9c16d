package io.mihari.model.catalog;

import java.time.Duration;
import java.util.List;

/**
 * Reads a catalog's {@code maintenance} section (in {@code defaults} or a service) field by field over its base,
 * naming the key of every problem ({@code services[1].maintenance.notice: 'soon' is not a duration …}). Kept apart
 * from {@link CatalogLoader}, which is long enough.
 */
final class MaintenanceLimitsReader {

    private MaintenanceLimitsReader() {
    }

    /** The limits {@code doc} gives over {@code base}; {@code base} itself when absent or wrong (problems added). */
    static MaintenanceLimits read(String key, CatalogLoader.MaintenanceDoc doc, MaintenanceLimits base,
            List<String> problems) {
        if (doc == null) {
            return base;
        }
        int before = problems.size();
        Duration notice = field(key + ".notice", doc.notice(), base.notice(), Duration.ZERO, null, problems);
        Duration maxLength = field(key + ".maxLength", doc.maxLength(), base.maxLength(), null,
                MaintenanceLimits.MAX_LENGTH, problems);
        Duration span = field(key + ".maxRecurringSpan", doc.maxRecurringSpan(), base.maxRecurringSpan(), null, null,
                problems);
        Duration weekly = field(key + ".maxHoursPerWeek", doc.maxHoursPerWeek(), base.maxHoursPerWeek(), null,
                MaintenanceLimits.WEEK, problems);
        return problems.size() > before ? base : new MaintenanceLimits(notice, maxLength, span, weekly);
    }

    /**
     * @param least the smallest value allowed (null: more than zero)
     * @param most the largest value allowed (null: no bound)
     */
    private static Duration field(String key, String value, Duration fallback, Duration least, Duration most,
            List<String> problems) {
        if (value == null) {
            return fallback;
        }
        Duration d;
        try {
            d = CatalogLoader.parseDuration(value);
        } catch (RuntimeException e) {
            problems.add(key + ": '" + value + "' is not a duration (e.g. 3d, 12h, PT30M)");
            return fallback;
        }
        if (least == null ? d.isNegative() || d.isZero() : d.compareTo(least) < 0) {
            problems.add(key + ": must be " + (least == null ? "positive" : "at least " + DurationText.of(least))
                    + ", was '" + value + "'");
            return fallback;
        }
        if (most != null && d.compareTo(most) > 0) {
            problems.add(key + ": must be at most " + DurationText.of(most) + ", was '" + value + "'");
            return fallback;
        }
        return d;
    }
}
