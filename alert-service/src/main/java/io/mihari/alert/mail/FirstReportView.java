package io.mihari.alert.mail;

import java.util.List;

/**
 * What a first-report mail shows, already formatted for one language. Templates get only this.
 *
 * @param incidentId e.g. INC-20261125-0007
 * @param tenantName the city in the reader's language
 * @param systemName the system group in the reader's language
 * @param vendorName the operating vendor
 * @param title what is wrong: each problem by its own kind and target
 * @param problems what was detected (検知内容), one line per problem, in the reader's language
 * @param startedAt when the trouble started, in Japan time ({@code 2026/12/06 12:25:43}, English with JST)
 * @param detectedAt when Mihari detected it, in Japan time
 * @param firstReportDueAt deadline of this report, in Japan time
 * @param nextReportDueAt when the next status report is due, in Japan time
 * @param affectedTargets the servers concerned
 * @param incidentUrl the incident's page on the dashboard
 */
public record FirstReportView(String incidentId, String tenantName, String systemName, String vendorName,
        String title, List<String> problems, String startedAt, String detectedAt, String firstReportDueAt, String nextReportDueAt,
        List<String> affectedTargets, String incidentUrl) {
}
