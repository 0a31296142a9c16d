package io.mihari.alert.incident;

import java.time.Duration;

/**
 * The incident SLA's durations (defaults from the cities' requirement; all configurable under
 * {@code mihari.sla.*}).
 *
 * @param firstReportDue the first report 初報 is due this long after detection (60 min)
 * @param statusReportEvery a status report 状況報告 is due at most this long after the previous report, until
 *        provisional recovery (60 min)
 * @param reminderBefore the vendor is reminded this long before a status report is due (15 min)
 * @param reportRequiredAfter a stop this long or longer needs a written post-incident report (60 min)
 * @param reportDueAfter the written report is due this long after provisional recovery (7 days)
 * @param reportReminderBefore the first reminder to write it goes out this long before it is due (2 days)
 * @param reportReminderEvery then again this often until it is submitted (1 day)
 */
public record SlaPolicy(Duration firstReportDue, Duration statusReportEvery, Duration reminderBefore,
        Duration reportRequiredAfter, Duration reportDueAfter, Duration reportReminderBefore,
        Duration reportReminderEvery) {

    public SlaPolicy {
        for (Duration d : new Duration[] {firstReportDue, statusReportEvery, reportReminderEvery}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the SLA's report intervals must be positive (mihari.sla.*, "
                        + "mihari.incidents.first-report-due): first report " + firstReportDue + ", status reports "
                        + "every " + statusReportEvery + ", report reminders every " + reportReminderEvery);
            }
        }
    }

    public static final SlaPolicy DEFAULT = new SlaPolicy(Duration.ofMinutes(60), Duration.ofMinutes(60),
            Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofDays(7), Duration.ofDays(2), Duration.ofDays(1));

    /** The defaults with another first-report deadline. */
    public static SlaPolicy withFirstReportDue(Duration firstReportDue) {
        return new SlaPolicy(firstReportDue, DEFAULT.statusReportEvery, DEFAULT.reminderBefore,
                DEFAULT.reportRequiredAfter, DEFAULT.reportDueAfter, DEFAULT.reportReminderBefore,
                DEFAULT.reportReminderEvery);
    }

    /** Whether an outage of this length needs a written report (exactly 60 min does; 59:59 does not). */
    public boolean reportRequired(Duration outage) {
        return outage.compareTo(reportRequiredAfter) >= 0;
    }
}
