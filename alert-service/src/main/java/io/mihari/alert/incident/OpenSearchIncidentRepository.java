package io.mihari.alert.incident;

import io.mihari.alert.store.Conflicts;
import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.GetResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/** Incidents in {@code mihari-incidents}; daily numbers from a counter document updated with optimistic concurrency. */
@ApplicationScoped
public class OpenSearchIncidentRepository implements IncidentRepository {

    /**
     * How long refused writes of the counter are retried before giving up (the opening then waits for the next tick).
     * Not a number of attempts: racing allocators are not served in turn, and with eight of them
     * (OpenSearchIncidentRepositoryConcurrencyTest) one allocation was refused 14 to 23 times in a row (with or
     * without a random pause between attempts), past the former cap of 20 attempts; a burst of openings ends, so the
     * loser's turn comes.
     */
    static final Duration MAX_CONFLICTING = Duration.ofSeconds(10);

    private final OpenSearchClient client;
    private final Clock clock;

    private final IncidentPublisher publisher;

    OpenSearchIncidentRepository(OpenSearchClient client, Clock clock, IncidentPublisher publisher) {
        this.client = client;
        this.clock = clock;
        this.publisher = publisher;
    }

    /**
     * Stores the incident under optimistic concurrency: its revision is the document's external version, so
     * a writer holding an older copy (e.g. an instance that lost the service in a rebalance) is refused
     * instead of overwriting a newer change (or one of the same revision made from the same old copy).
     * Storing exactly the same incident again (a retry after a timeout) is accepted.
     */
    @Override
    public void save(Incident incident) {
        try {
            client.index(i -> i.index(Indices.INCIDENTS).id(incident.id()).document(incident)
                    .version(incident.revision()).versionType(VersionType.External));
        } catch (IOException | OpenSearchException e) {
            if (Conflicts.isConflict(e)) {
                if (find(incident.id()).filter(incident::equals).isPresent()) {
                    publisher.publish(incident); // our own earlier write of this revision: publish it (again)
                    return;
                }
                throw new IncidentConflictException(incident.id(), incident.revision());
            }
            if (e instanceof OpenSearchException ose) {
                throw ose;
            }
            throw new UncheckedIOException("cannot store incident " + incident.id(), (IOException) e);
        }
        publisher.publish(incident);
    }

    @Override
    public Optional<Incident> find(String id) {
        try {
            GetResponse<Incident> response = client.get(g -> g.index(Indices.INCIDENTS).id(id), Incident.class);
            return Optional.ofNullable(response.found() ? response.source() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read incident " + id, e);
        }
    }

    @Override
    public long nextNumber(LocalDate day) {
        String id = "incident-" + DateTimeFormatter.BASIC_ISO_DATE.format(day);
        long giveUpAt = System.nanoTime() + MAX_CONFLICTING.toNanos();
        for (int refused = 1; ; refused++) {
            try {
                @SuppressWarnings("rawtypes")
                GetResponse<Map> current = client.get(g -> g.index(Indices.COUNTERS).id(id), Map.class);
                long next = current.found() ? ((Number) current.source().get("value")).longValue() + 1 : 1;
                Map<String, Object> doc = Map.of("value", next, "updatedAt", clock.instant().toString());
                if (current.found()) {
                    long seqNo = current.seqNo();
                    long term = current.primaryTerm();
                    client.index(i -> i.index(Indices.COUNTERS).id(id).document(doc).ifSeqNo(seqNo).ifPrimaryTerm(term));
                } else {
                    client.create(c -> c.index(Indices.COUNTERS).id(id).document(doc));
                }
                return next;
            } catch (IOException | OpenSearchException e) {
                if (!Conflicts.isConflict(e)) {
                    throw e instanceof OpenSearchException ose ? ose
                            : new UncheckedIOException("cannot allocate an incident number", (IOException) e);
                }
                // another instance took this number: read again
                if (System.nanoTime() - giveUpAt > 0) {
                    throw new IllegalStateException("could not allocate an incident number for " + day + ": "
                            + refused + " writes refused in " + MAX_CONFLICTING.toSeconds() + " s");
                }
            }
        }
    }
}
