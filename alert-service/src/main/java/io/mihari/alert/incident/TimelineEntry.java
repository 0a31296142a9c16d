package io.mihari.alert.incident;

import java.time.Instant;

/**
 * One line of an incident's timeline 経緯.
 *
 * @param at when it happened
 * @param type machine-readable kind, e.g. {@code TARGET_DOWN}, {@code FIRST_REPORT_SENT}, {@code STATUS_UPDATE}
 * @param targetId the target concerned, if any
 * @param message what happened, in English as before (kept for readers of older documents; a detector's line keeps
 *        the detector's technical words)
 * @param author the person who did it (commands), null for what Mihari observed or did
 * @param ja what happened, for people, in Japanese (times in Japan time); made by {@link ProblemWords}
 * @param en the same in English
 */
public record TimelineEntry(Instant at, String type, String targetId, String message, String author, String ja,
        String en) {

    public TimelineEntry {
        // a line stored before lines had words for people reads as its message, times in Japan time
        ja = ja != null ? ja : ProblemWords.inJst(message, true);
        en = en != null ? en : ProblemWords.inJst(message, false);
    }

    /** A line whose words for people are {@code text}. */
    static TimelineEntry of(Instant at, String type, String targetId, String message, String author,
            ProblemWords.Text text) {
        return new TimelineEntry(at, type, targetId, message, author, text.ja(), text.en());
    }

    /** A line of what Mihari observed or did. */
    static TimelineEntry of(Instant at, String type, String targetId, String message, ProblemWords.Text text) {
        return of(at, type, targetId, message, null, text);
    }
}
