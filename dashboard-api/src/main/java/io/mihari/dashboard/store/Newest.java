package io.mihari.dashboard.store;

import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.core.SearchRequest;

/**
 * "The newest event" as Mihari received it, not as the agent's clock dated it: an agent whose clock ran 10 minutes
 * ahead would otherwise keep its stale sample "newest" for 10 minutes after the clock was set right. Sorted by
 * {@code receivedAt} (alert-service's clock), then by the agent's {@code seq} (its spool's order, for events stored
 * in one batch after an outage), then by {@code occurredAt}.
 */
public final class Newest {

    private Newest() {
    }

    /** Sorts the search newest first, as received. */
    public static SearchRequest.Builder first(SearchRequest.Builder search) {
        return search.sort(s -> s.field(f -> f.field("receivedAt").order(SortOrder.Desc)))
                .sort(s -> s.field(f -> f.field("seq").order(SortOrder.Desc)))
                .sort(s -> s.field(f -> f.field("occurredAt").order(SortOrder.Desc)));
    }
}
