package io.mihari.model.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The OpenSearch index templates: the storage schema shared by alert-service (the only writer of {@link #ALL}) and
 * every reader, and dashboard-api's own {@link #AUTH} index. Strict mappings, schema version in {@code _meta}; the
 * JSON files sit beside this class.
 */
public final class IndexTemplates {

    /**
     * One template.
     *
     * @param name template name, also its file name without {@code .json}
     * @param fixedIndex the single index it covers, created up front; null for the daily event indices
     */
    public record Template(String name, String fixedIndex) {
        /** The template body, ready for {@code PUT _index_template/<name>}. */
        public String json() {
            try (InputStream in = IndexTemplates.class.getResourceAsStream(name + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("missing index template " + name + ".json");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final String EVENTS_PREFIX = "mihari-events-";
    public static final String STATUS = "mihari-status";
    public static final String TARGETS = "mihari-targets";
    public static final String INCIDENTS = "mihari-incidents";
    public static final String OUTBOX = "mihari-outbox";
    public static final String COUNTERS = "mihari-counters";
    /** The outcome of every command people issued (applied or rejected, and why): also the audit of writes. */
    public static final String COMMANDS = "mihari-commands";
    /** Planned maintenance windows, one document per window (cancelled ones are kept, marked). */
    public static final String MAINTENANCE = "mihari-maintenance";
    /** Finished months frozen as the report of record, every revision kept ({@code <service>|<month>|r<n>}). */
    public static final String REPORTS = "mihari-reports";
    /**
     * Dead letters that even the dead-letter topic refused (a bounded marker per record, id
     * {@code <topic>-<partition>-<offset>}), so every record of the event topic ends in exactly one place.
     */
    public static final String DEAD_LETTERS = "mihari-deadletters";

    /**
     * dashboard-api's login state (last used one-time-code step per user, enrolled second factors — TOTP secrets and
     * passkeys with their sign counters —, recovery-code hashes, failed-login counters and lockouts, revoked tokens,
     * spent passkey challenges): the only index dashboard-api writes, installed by dashboard-api itself and not part
     * of {@link #ALL}.
     */
    public static final String AUTH = "mihari-auth";

    /** The templates dashboard-api installs and writes (only {@link #AUTH}). */
    public static final List<Template> DASHBOARD = List.of(new Template(AUTH, AUTH));

    /** The templates alert-service installs and writes. */
    public static final List<Template> ALL = List.of(
            new Template("mihari-events", null),
            new Template(STATUS, STATUS),
            new Template(TARGETS, TARGETS),
            new Template(INCIDENTS, INCIDENTS),
            new Template(OUTBOX, OUTBOX),
            new Template(COUNTERS, COUNTERS),
            new Template(COMMANDS, COMMANDS),
            new Template(MAINTENANCE, MAINTENANCE),
            new Template(REPORTS, REPORTS),
            new Template(DEAD_LETTERS, DEAD_LETTERS));

    private IndexTemplates() {
    }
}
