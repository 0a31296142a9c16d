package io.mihari.alert.store;

import io.mihari.model.index.IndexTemplates;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Names of Mihari's OpenSearch indices. */
public final class Indices {

    /** Every event, one index per UTC day of occurrence: {@code mihari-events-2026.11.25}. */
    public static final String EVENTS_PREFIX = IndexTemplates.EVENTS_PREFIX;
    /** Every target/service status transition; availability is computed from these. */
    public static final String STATUS = IndexTemplates.STATUS;
    /** The current status of each target (one document per target). */
    public static final String TARGETS = IndexTemplates.TARGETS;
    /** Incidents, one document per incident. */
    public static final String INCIDENTS = IndexTemplates.INCIDENTS;
    /** Mail waiting to be sent or already sent. */
    public static final String OUTBOX = IndexTemplates.OUTBOX;
    /** Counters, e.g. the daily incident number. */
    public static final String COUNTERS = IndexTemplates.COUNTERS;
    /** The outcome of every command (applied / rejected with the reason). */
    public static final String COMMANDS = IndexTemplates.COMMANDS;
    /** Planned maintenance windows. */
    public static final String MAINTENANCE = IndexTemplates.MAINTENANCE;
    /** Frozen monthly availability reports and their revisions. */
    public static final String REPORTS = IndexTemplates.REPORTS;
    /** Markers of dead letters the dead-letter topic refused. */
    public static final String DEAD_LETTERS = IndexTemplates.DEAD_LETTERS;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private Indices() {
    }

    public static String events(Instant occurredAt) {
        return EVENTS_PREFIX + DAY.format(occurredAt);
    }
}
