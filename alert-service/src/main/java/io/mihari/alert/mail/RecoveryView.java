package io.mihari.alert.mail;

import java.util.List;

/**
 * What a recovery-report mail 復旧報告 shows, formatted for one language.
 *
 * @param title what was wrong: each problem by its own kind and target
 * @param problems each problem, one line each, in the reader's language
 * @param downFor how long the service was affected, e.g. {@code 1時間12分} / {@code 1 h 12 min}
 * @param reportRequired whether the stop lasted 60 min or more, so a written post-incident report is due
 * @param markedBy the person who marked it provisionally recovered, or null when the monitoring saw every problem end
 */
public record RecoveryView(String incidentId, String tenantName, String systemName, String vendorName, String title,
        List<String> problems, String startedAt, String mitigatedAt, String downFor, List<String> affectedTargets,
        boolean reportRequired, String incidentUrl, String markedBy) {
}
