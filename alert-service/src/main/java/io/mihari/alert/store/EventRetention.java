package io.mihari.alert.store;

import io.mihari.alert.config.AlertConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.cat.indices.IndicesRecord;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes daily event indices ({@code mihari-events-YYYY.MM.DD}) older than {@code mihari.retention.event-days}
 * days before today, and any dated after tomorrow (which only a hostile or broken sender could have made before
 * ingest refused such dates), once at start and then every {@code mihari.retention.check-every}. Together with
 * ingest's time check, the event indices stay within [today − retention, today + 1] whatever senders do. OpenSearch's own
 * lifecycle management (ISM) is a plugin the plain distribution lacks, so alert-service does it itself.
 *
 * <p>Only names that are exactly the prefix and a valid date are ever deleted, one by one by their full name;
 * anything else under the prefix and every other index family is left alone. A failure is logged and the
 * deletion tried again on the next run; nothing is thrown into the scheduler.
 */
@Startup
@ApplicationScoped
public class EventRetention {

    private static final Logger LOG = Logger.getLogger(EventRetention.class);

    /** The setting that says how many days are kept, named in messages. */
    static final String EVENT_DAYS = "mihari.retention.event-days";

    /** The date part of a daily index name; strict, so {@code 2026.02.30} is not a date. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu.MM.dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final OpenSearchClient client;
    private final Clock clock;
    private final int keepDays;

    EventRetention(OpenSearchClient client, Clock clock, AlertConfig config) {
        this.client = client;
        this.clock = clock;
        this.keepDays = keepDays(config.retention().eventDays());
    }

    /** The configured number of days, checked at start: keeping zero days would delete today's events. */
    static int keepDays(int eventDays) {
        if (eventDays < 1) {
            throw new IllegalArgumentException(EVENT_DAYS + " must be at least 1 (days of events kept), was "
                    + eventDays);
        }
        return eventDays;
    }

    @Scheduled(every = "${mihari.retention.check-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /**
     * Deletes every expired daily event index now.
     *
     * @return the indices deleted by this call (those that failed are not listed and are tried next time)
     */
    public synchronized List<String> run() {
        LocalDate today = today(clock.instant());
        List<String> names;
        try {
            names = client.cat().indices(r -> r.index(Indices.EVENTS_PREFIX + "*")).valueBody().stream()
                    .map(IndicesRecord::index).filter(Objects::nonNull).toList();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot list the event indices (%s); retention runs again later", e.getMessage());
            return List.of();
        }
        List<String> deleted = new ArrayList<>();
        for (String index : expired(names, today, keepDays)) {
            try {
                client.indices().delete(d -> d.index(index));
                deleted.add(index);
                LOG.infof("deleted event index %s: outside %s – %s (%s=%d)", index, today.minusDays(keepDays),
                        today.plusDays(1), EVENT_DAYS, keepDays);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("cannot delete event index %s (%s); retention tries again later", index, e.getMessage());
            }
        }
        return deleted;
    }

    /**
     * The event indices to delete: those whose day is strictly before {@code today - keepDays} or strictly after
     * {@code today + 1}. The indices of those boundary days are kept, and so is every name that is not the prefix
     * followed by a valid date.
     *
     * @param indexNames names of existing indices (any family)
     * @param today today, as a day of the index naming ({@link #today(Instant)})
     * @param keepDays days kept before today, at least 1
     * @return the names to delete, sorted (oldest first)
     */
    static List<String> expired(Collection<String> indexNames, LocalDate today, int keepDays) {
        LocalDate oldestKept = today.minusDays(keepDays(keepDays));
        LocalDate newestKept = today.plusDays(1);
        return indexNames.stream()
                .filter(name -> day(name).map(d -> d.isBefore(oldestKept) || d.isAfter(newestKept)).orElse(false))
                .sorted()
                .toList();
    }

    /**
     * Today as the index naming counts days. Derived from {@link Indices#events(Instant)} itself, so the day
     * boundary (time zone) of the retention is always the one the indices are named by.
     */
    static LocalDate today(Instant now) {
        String index = Indices.events(now);
        return day(index).orElseThrow(() -> new IllegalStateException("daily index name " + index
                + " does not end in a yyyy.MM.dd date"));
    }

    /** The day of a daily event index, or empty for any other name. */
    static Optional<LocalDate> day(String indexName) {
        if (indexName == null || !indexName.startsWith(Indices.EVENTS_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(indexName.substring(Indices.EVENTS_PREFIX.length()), DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
