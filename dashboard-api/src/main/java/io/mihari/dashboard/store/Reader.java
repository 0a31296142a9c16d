package io.mihari.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.search.Hit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-only access to what alert-service stores. An index that does not exist yet (nothing happened
 * so far) reads as empty rather than as an error.
 */
@ApplicationScoped
public class Reader {

    private final OpenSearchClient client;

    Reader(OpenSearchClient client) {
        this.client = client;
    }

    public <T> Page<T> search(Function<SearchRequest.Builder, SearchRequest.Builder> request, Class<T> type) {
        try {
            var response = client.search(request.apply(new SearchRequest.Builder()).build(), type);
            long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
            return new Page<>(response.hits().hits().stream().map(Hit::source).toList(), total);
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return new Page<>(List.of(), 0);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch is not reachable", e);
        }
    }

    /**
     * The aggregations of a search that fetches no document ({@code size} 0); an index that does not exist yet reads
     * as no aggregation at all.
     */
    public Map<String, Aggregate> aggregate(Function<SearchRequest.Builder, SearchRequest.Builder> request) {
        try {
            var response = client.search(request.apply(new SearchRequest.Builder()).size(0).build(), Void.class);
            return response.aggregations() == null ? Map.of() : response.aggregations();
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return Map.of();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch is not reachable", e);
        }
    }

    public <T> Optional<T> get(String index, String id, Class<T> type) {
        try {
            var response = client.get(g -> g.index(index).id(id), type);
            return Optional.ofNullable(response.found() ? response.source() : null);
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch is not reachable", e);
        }
    }

    /** One page of results and how many there are in all. */
    public record Page<T>(List<T> items, long total) {
    }
}
