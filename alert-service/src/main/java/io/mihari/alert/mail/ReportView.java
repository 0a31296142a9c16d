package io.mihari.alert.mail;

import java.util.List;

/**
 * What a status report, reminder, report request or submitted report shows, already in the reader's language:
 * the templates {@code reportText}/{@code reportHtml} only lay it out.
 *
 * @param language {@code ja} or {@code en}
 * @param facts the key facts, one row each (incident number, service, since when …)
 * @param sections longer texts under a heading (a person's update, the four parts of a written report)
 * @param timeline the incident's timeline 経緯, oldest first (empty where the mail does not need it)
 */
public record ReportView(String language, String greeting, String intro, List<Row> facts, List<Section> sections,
        String timelineHeading, List<Row> timeline, String linkLabel, String incidentUrl, String footer) {

    /** A labelled value. */
    public record Row(String label, String value) {
    }

    /** A heading and a text. */
    public record Section(String heading, String body) {
    }
}
