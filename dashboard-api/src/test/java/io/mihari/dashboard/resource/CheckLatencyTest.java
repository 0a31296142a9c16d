package io.mihari.dashboard.resource;

import io.mihari.dashboard.resource.CheckLatency.Bucket;
import io.mihari.dashboard.resource.CheckLatency.CheckSeries;
import io.mihari.dashboard.resource.CheckLatency.Latency;
import io.mihari.dashboard.resource.CheckLatency.Period;
import io.mihari.dashboard.resource.CheckLatency.Point;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonpDeserializer;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.core.SearchResponse;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CheckLatency}: the period asked for, the bucket size (at most 300 points), reading the date_histogram
 * aggregation as OpenSearch answers it, and the series the chart draws; fixed instants.
 */
class CheckLatencyTest {

    static final Instant NOW = Instant.parse("2026-12-06T03:25:43Z");

    @Test
    void thePeriodIsTheLast24HoursUnlessGivenAndAtMost31Days() {
        assertThat(CheckLatency.period(null, null, NOW))
                .isEqualTo(new Period(Instant.parse("2026-12-05T03:25:43Z"), NOW));
        assertThat(CheckLatency.period("", "2026-12-01T00:00:00Z", NOW))
                .isEqualTo(new Period(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(CheckLatency.period("2026-11-05T00:00:00Z", "2026-12-06T00:00:00Z", NOW).from())
                .isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
        assertThatThrownBy(() -> CheckLatency.period("2026-11-04T23:59:59Z", "2026-12-06T00:00:00Z", NOW))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("at most 31 days");
        assertThatThrownBy(() -> CheckLatency.period("2026-12-06T00:00:00Z", "2026-12-06T00:00:00Z", NOW))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("must be before");
        assertThatThrownBy(() -> CheckLatency.period("yesterday", null, NOW))
                .isInstanceOf(BadRequestException.class).hasMessage("from: 'yesterday' is not an instant "
                        + "(e.g. 2026-12-06T00:00:00Z)");
    }

    @Test
    void theBucketIsTheSmallestRoundSizeGivingAtMost300Points() {
        assertThat(bucket(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(5)); // 288 points
        assertThat(bucket(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30)); // 120
        assertThat(bucket(Duration.ofMinutes(50))).isEqualTo(Duration.ofSeconds(10)); // exactly 300
        assertThat(bucket(Duration.ofMinutes(50).plusSeconds(1))).isEqualTo(Duration.ofSeconds(30)); // 301 would be too many
        assertThat(bucket(Duration.ofDays(7))).isEqualTo(Duration.ofHours(1)); // 168
        assertThat(bucket(Duration.ofDays(31))).isEqualTo(Duration.ofHours(3)); // 248
        assertThat(bucket(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(10));
        for (long hours = 1; hours <= 744; hours++) {
            Duration period = Duration.ofHours(hours);
            assertThat(period.toSeconds() / bucket(period).toSeconds()).as(hours + " h").isLessThanOrEqualTo(300);
        }
    }

    static Duration bucket(Duration length) {
        return CheckLatency.bucketSize(new Period(NOW.minus(length), NOW));
    }

    @Test
    void theAggregationIsReadPerCheckAndBucket() {
        // as OpenSearch answers the request of CheckLatencyResource (typed keys, as the client asks for them)
        String json = """
                {"took":3,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
                 "hits":{"max_score":null,"hits":[]},
                 "aggregations":{"sterms#checks":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[
                   {"key":"juki-web","doc_count":3,
                    "sterms#kind":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,
                                   "buckets":[{"key":"HTTP","doc_count":3}]},
                    "date_histogram#time":{"buckets":[
                      {"key_as_string":"2026-12-06T03:00:00.000Z","key":1796526000000,"doc_count":2,
                       "avg#avg":{"value":41.5},"max#max":{"value":60.0},"filter#down":{"doc_count":0}},
                      {"key_as_string":"2026-12-06T03:05:00.000Z","key":1796526300000,"doc_count":1,
                       "avg#avg":{"value":5000.0},"max#max":{"value":5000.0},"filter#down":{"doc_count":1}}]}},
                   {"key":"gw-ping","doc_count":1,
                    "sterms#kind":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,
                                   "buckets":[{"key":"PING","doc_count":1}]},
                    "date_histogram#time":{"buckets":[
                      {"key_as_string":"2026-12-06T03:00:00.000Z","key":1796526000000,"doc_count":1,
                       "avg#avg":{"value":1.25},"max#max":{"value":1.25},"filter#down":{"doc_count":0}}]}}]}}}
                """;
        JsonpMapper mapper = new JacksonJsonpMapper();
        JsonParser parser = mapper.jsonProvider().createParser(new StringReader(json));
        SearchResponse<Void> response = SearchResponse.createSearchResponseDeserializer(
                JsonpDeserializer.of(Void.class)).deserialize(parser, mapper);

        assertThat(CheckLatency.buckets(response.aggregations())).containsExactly(
                new Bucket("juki-web", "HTTP", Instant.parse("2026-12-06T03:00:00Z"), 41.5, 60.0, 2, 0),
                new Bucket("juki-web", "HTTP", Instant.parse("2026-12-06T03:05:00Z"), 5000.0, 5000.0, 1, 1),
                new Bucket("gw-ping", "PING", Instant.parse("2026-12-06T03:00:00Z"), 1.25, 1.25, 1, 0));
        assertThat(CheckLatency.buckets(java.util.Map.of())).isEmpty(); // no event index yet
    }

    @Test
    void eachCheckIsOneSeriesByInstantWithAGapWhereItDidNotRun() {
        Instant t0 = Instant.parse("2026-12-06T03:00:00Z");
        Duration five = Duration.ofMinutes(5);
        List<Bucket> buckets = new ArrayList<>(List.of(
                new Bucket("juki-web", "HTTP", t0.plus(five.multipliedBy(3)), 40.0, 41.0, 5, 0),
                new Bucket("juki-web", "HTTP", t0, 12.345, 30.0, 5, 0),
                new Bucket("juki-web", "HTTP", t0.plus(five), 2012.96, 5000.0, 5, 2),
                new Bucket("gw-ping", "PING", t0, 1.25, 1.5, 5, 0)));
        Period period = new Period(Instant.parse("2026-12-05T03:25:43Z"), NOW);

        Latency latency = CheckLatency.shape("kurashiki/krs-juki-ap1", period, five, buckets);

        assertThat(latency.targetId()).isEqualTo("kurashiki/krs-juki-ap1");
        assertThat(latency.from()).isEqualTo(period.from());
        assertThat(latency.to()).isEqualTo(NOW);
        assertThat(latency.bucketSeconds()).isEqualTo(300);
        assertThat(latency.checks()).extracting(CheckSeries::name).containsExactly("gw-ping", "juki-web");
        CheckSeries web = latency.checks().get(1);
        assertThat(web.kind()).isEqualTo("HTTP");
        assertThat(web.results()).isEqualTo(15);
        assertThat(web.down()).isEqualTo(2);
        assertThat(web.maxMs()).isEqualTo(5000.0);
        // 03:10 had no result: one gap point there breaks the line, then 03:15
        assertThat(web.points()).containsExactly(
                new Point(t0, 12.3, 30.0, 5, 0),
                new Point(Instant.parse("2026-12-06T03:05:00Z"), 2013.0, 5000.0, 5, 2),
                new Point(Instant.parse("2026-12-06T03:10:00Z"), null, null, 0, 0),
                new Point(Instant.parse("2026-12-06T03:15:00Z"), 40.0, 41.0, 5, 0));
        assertThat(latency.checks().get(0).points()).containsExactly(new Point(t0, 1.3, 1.5, 5, 0));
        assertThat(CheckLatency.shape("kurashiki/krs-juki-ap1", period, five, List.of()).checks()).isEmpty();
    }
}
