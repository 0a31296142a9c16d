package io.mihari.alert.mail;

import java.util.List;

/**
 * What a first-report mail shows, already formatted for one language. Templates get only this.
 *
 * @param incidentId e.g. INC-20261125-0007
 * @param tenantName the city in the reader's language
 * @param systemName the system group in the reader's language
 * @param vendorName the operating vendor
 * @param title what is wrong
 * @param detail what the detector saw, e.g. {@code disk /var at 95.0% (critical at 90%)} (English, technical)
 * @param startedAt when the trouble started, in Japan time (yyyy-MM-dd HH:mm:ss JST)
 * @param detectedAt when Mihari detected it, in Japan time
 * @param firstReportDueAt deadline of this report, in Japan time
 * @param nextReportDueAt when the next status report is due, in Japan time
 * @param affectedTargets the servers concerned
 * @param incidentUrl the incident's page on the dashboard
 */
public record FirstReportView(String incidentId, String tenantName, String systemName, String vendorName,
        String title, String detail, String startedAt, String detectedAt, String firstReportDueAt, String nextReportDueAt,
        List<String> affectedTargets, String incidentUrl) {
}
