package io.mihari.alert.store;

import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.aggregations.ArrayPercentilesItem;
import org.opensearch.client.opensearch._types.aggregations.Percentiles;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the one value of the percentiles aggregation of a check's latency baseline ({@link StateReader}). */
class LatencyStatsTest {

    @Test
    void theValueIsReadFromTheArrayOrTheKeyedForm() {
        assertThat(StateReader.percentile(Percentiles.of(p -> p.array(List.of(
                ArrayPercentilesItem.of(i -> i.key("95.0").value(312.5))))))).isEqualTo(312.5);
        assertThat(StateReader.percentile(Percentiles.of(p -> p.keyed(Map.of("95.0", JsonData.of(312.5))))))
                .isEqualTo(312.5);
    }

    @Test
    void noResultsIsNoValue() {
        assertThat(StateReader.percentile(null)).isNull();
        assertThat(StateReader.percentile(Percentiles.of(p -> p.array(List.of())))).isNull();
        assertThat(StateReader.percentile(Percentiles.of(p -> p.array(List.of(
                ArrayPercentilesItem.of(i -> i.key("95.0"))))))).isNull();
    }
}
