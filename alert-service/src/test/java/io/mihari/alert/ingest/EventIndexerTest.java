package io.mihari.alert.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the items of a bulk response that has errors. */
class EventIndexerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alreadyStoredCountsAsStoredRejectedItemsHaveTheirReasonAndOverloadIsRetried() throws Exception {
        BulkResult result = EventIndexer.items(JSON.readTree("""
                [{"create":{"_index":"mihari-events-2026.11.26","_id":"a","status":201}},
                 {"create":{"_index":"mihari-events-2026.11.26","_id":"b","status":409,
                   "error":{"type":"version_conflict_engine_exception","reason":"document already exists"}}},
                 {"create":{"_index":"mihari-events-2026.11.26","_id":"c","status":400,
                   "error":{"type":"strict_dynamic_mapping_exception","reason":"mapping set to strict"}}}]
                """));
        assertThat(result.retryable()).isFalse();
        assertThat(result.rejected()).containsOnlyKeys(2);
        assertThat(result.rejected().get(2))
                .isEqualTo("OpenSearch rejected the event (400 strict_dynamic_mapping_exception): mapping set to strict");

        BulkResult overloaded = EventIndexer.items(JSON.readTree("""
                [{"create":{"_id":"d","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}]
                """));
        assertThat(overloaded.retryable()).isTrue();
        assertThat(overloaded.rejected()).isEmpty();
    }
}
