package io.mihari.model.catalog;

/**
 * The number of records a job's successful run is expected to process (the catalog's {@code expectedCount}):
 * {@code {min: 1, max: 200000}}, either bound optional, both inclusive.
 *
 * @param min the fewest records a good run processes; null: no lower bound
 * @param max the most records a good run processes; null: no upper bound
 */
public record CountRange(Long min, Long max) {

    public CountRange {
        if (min == null && max == null) {
            throw new IllegalArgumentException("needs min, max or both");
        }
        if (min != null && min < 0 || max != null && max < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
    }

    /** Whether a run that processed {@code count} records is within the range. */
    public boolean contains(long count) {
        return (min == null || count >= min) && (max == null || count <= max);
    }

    /** {@code 1–200000}, {@code at least 1}, {@code at most 200000}: the range as an alert says it. */
    public String text() {
        if (min != null && max != null) {
            return min + "–" + max;
        }
        return min != null ? "at least " + min : "at most " + max;
    }

    /** {@code 1～200000件}, {@code 1件以上}, {@code 200000件以下}. */
    public String textJa() {
        if (min != null && max != null) {
            return min + "～" + max + "件";
        }
        return min != null ? min + "件以上" : max + "件以下";
    }
}
