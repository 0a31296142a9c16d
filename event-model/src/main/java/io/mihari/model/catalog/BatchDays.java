package io.mihari.model.catalog;

/**
 * The catalog's {@code on:} of a batch job: which dates its cron times apply to, on the job's business calendar.
 *
 * <ul>
 * <li>{@code everyDay} (the default): plain cron;</li>
 * <li>{@code businessDays}: only cron dates that are business days 開庁日;</li>
 * <li>{@code afterBusinessDays}: only cron dates whose previous day is a business day (nightly processing of a
 *     day's work: Tuesday 02:30 after Monday, Saturday 02:30 after Friday);</li>
 * <li>{@code lastBusinessDay}, {@code {businessDay: N}}: the N-th business day of each month (-1 the last, -2 the
 *     one before); the cron then only gives the times of day.</li>
 * </ul>
 *
 * @param kind which rule
 * @param businessDay for {@link Kind#BUSINESS_DAY_OF_MONTH}: 1 the first business day of the month, -1 the last;
 *        0 for the other kinds
 */
public record BatchDays(Kind kind, int businessDay) {

    /** The rules of {@code on:}. */
    public enum Kind {
        EVERY_DAY, BUSINESS_DAYS, AFTER_BUSINESS_DAYS, BUSINESS_DAY_OF_MONTH
    }

    public static final BatchDays EVERY_DAY = new BatchDays(Kind.EVERY_DAY, 0);
    public static final BatchDays BUSINESS_DAYS = new BatchDays(Kind.BUSINESS_DAYS, 0);
    public static final BatchDays AFTER_BUSINESS_DAYS = new BatchDays(Kind.AFTER_BUSINESS_DAYS, 0);
    public static final BatchDays LAST_BUSINESS_DAY = new BatchDays(Kind.BUSINESS_DAY_OF_MONTH, -1);

    public BatchDays {
        java.util.Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.BUSINESS_DAY_OF_MONTH) == (businessDay == 0)) {
            throw new IllegalArgumentException("the n-th business day of the month goes with a non-zero n, "
                    + "and only with it");
        }
    }

    /** The {@code n}-th business day of each month: 1 the first, -1 the last, -2 the one before. */
    public static BatchDays businessDayOfMonth(int n) {
        return new BatchDays(Kind.BUSINESS_DAY_OF_MONTH, n);
    }

    /** Whether the rule picks one day a month (the cron's day, month and weekday fields must then be {@code *}). */
    public boolean monthly() {
        return kind == Kind.BUSINESS_DAY_OF_MONTH;
    }

    /** As the catalog writes it: {@code businessDays}, {@code lastBusinessDay}, {@code {businessDay: 3}}. */
    public String yaml() {
        return switch (kind) {
            case EVERY_DAY -> "everyDay";
            case BUSINESS_DAYS -> "businessDays";
            case AFTER_BUSINESS_DAYS -> "afterBusinessDays";
            case BUSINESS_DAY_OF_MONTH -> businessDay == -1 ? "lastBusinessDay" : "{businessDay: " + businessDay + "}";
        };
    }

    @Override
    public String toString() {
        return yaml();
    }
}
