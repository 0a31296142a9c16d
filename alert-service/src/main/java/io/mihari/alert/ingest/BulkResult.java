package io.mihari.alert.ingest;

import java.util.Map;

/**
 * What a bulk write did, item by item.
 *
 * @param rejected events OpenSearch refused for good (e.g. a mapping conflict), by index in the batch, with the reason
 * @param retryable whether some items failed for a passing reason (overload, shard unavailable) and the batch must be retried
 */
public record BulkResult(Map<Integer, String> rejected, boolean retryable) {
}
