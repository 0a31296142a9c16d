package io.mihari.alert.incident;

import java.time.Instant;

/**
 * One line of an incident's timeline 経緯.
 *
 * @param at when it happened
 * @param type machine-readable kind, e.g. {@code TARGET_DOWN}, {@code FIRST_REPORT_SENT}, {@code STATUS_UPDATE}
 * @param targetId the target concerned, if any
 * @param message what happened, for people
 * @param author the person who did it (commands), null for what Mihari observed or did
 */
public record TimelineEntry(Instant at, String type, String targetId, String message, String author) {

    public TimelineEntry(Instant at, String type, String targetId, String message) {
        this(at, type, targetId, message, null);
    }
}
