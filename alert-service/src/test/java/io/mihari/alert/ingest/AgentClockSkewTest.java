package io.mihari.alert.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.alert.testing.Stack;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.Retryable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent whose wall clock jumps ten minutes ahead of alert-service's, or ten minutes behind, against the real
 * Kafka and OpenSearch (issue 18): the server stays UP — its heartbeats count when received —, every event it sends
 * is stored once with the time it claims beside the time it was received, and a clock ahead is counted on
 * {@code /q/metrics} rather than reported as an outage. Before, events dated more than
 * {@code mihari.ingest.max-future-skew} (5 minutes) ahead were dead-lettered, so a healthy server whose clock had
 * jumped looked silent and was declared DOWN.
 *
 * <p>Time passes by moving alert-service's clock ({@link TestClock}): five heartbeat intervals, more than the three
 * after which a silent server is DOWN.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class AgentClockSkewTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** The interval the hosts announce, in seconds (they are not in the catalog: their own interval counts). */
    static final int INTERVAL = 60;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @TestHTTPResource("/q/metrics")
    URL metricsUrl;

    long seq;

    static Instant now() {
        return TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Event heartbeat(String host, Instant at) {
        return new Event(UUID.randomUUID().toString(), 1, EventType.HEARTBEAT, at, "kurashiki", "juki", host,
                "agent-" + host, ++seq, new Heartbeat(INTERVAL, "test"));
    }

    @Test
    void aServerWhoseClockJumpsTenMinutesAheadStaysUpItsEventsStoredAndTheSkewCounted() throws Exception {
        runsWithClockOff(Duration.ofMinutes(10));
    }

    @Test
    void aServerWhoseClockJumpsTenMinutesBackStaysUpAndItsEventsStored() throws Exception {
        runsWithClockOff(Duration.ofMinutes(-10));
    }

    /**
     * A check fails until it is DOWN; then the agent's clock jumps 10 minutes back and the check passes again. Its
     * passing results, sent after the failing ones but dated earlier, were ignored as older than the newest applied:
     * the check stayed DOWN for the ten minutes the clock needed to catch up (an outage longer than the real one).
     * Now an agent's events count in the order it sent them: the check is UP again at once.
     */
    @Test
    void aCheckThatRecoversAfterTheAgentsClockJumpedBackIsUpAtOnce() throws Exception {
        String host = "skew-check-" + UUID.randomUUID().toString().substring(0, 8);
        String targetId = "kurashiki/" + host;
        try (Stack stack = new Stack(bootstrapServers, openSearchUrl)) {
            send(stack, heartbeat(host, now()));
            Instant failing = now().minusSeconds(20);
            for (int i = 0; i < 7; i++) { // the default policy: 7 failing results in a row make a check DOWN
                send(stack, check(host, failing.plusSeconds(2L * i), CheckResult.Status.DOWN));
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(Retryable.io(() -> stack.search("mihari-status",
                    "targetId:\"" + targetId + "\" AND to:DOWN AND cause:CHECK_FAILED", 10))).hasSize(1));

            Instant back = now().minus(Duration.ofMinutes(10));
            Event first = send(stack, check(host, back, CheckResult.Status.UP));
            send(stack, check(host, back.plusSeconds(2), CheckResult.Status.UP)); // 2 passing in a row: UP again
            JsonNode stored = stored(stack, first);

            JsonNode[] up = new JsonNode[1];
            await().atMost(WAIT).untilAsserted(() -> {
                List<JsonNode> found = Retryable.io(() -> stack.search("mihari-status",
                        "targetId:\"" + targetId + "\" AND to:UP AND cause:CHECK_RECOVERED", 10));
                assertThat(found).hasSize(1);
                up[0] = found.get(0);
            });
            assertThat(Instant.parse(up[0].path("at").asText())).as("the recovery counts when it was received")
                    .isEqualTo(Instant.parse(stored.path("receivedAt").asText()));
        }
    }

    Event check(String host, Instant at, CheckResult.Status status) {
        return new Event(UUID.randomUUID().toString(), 1, EventType.CHECK_RESULT, at, "kurashiki", "juki", host,
                "agent-" + host, ++seq, new CheckResult("portal", CheckResult.Kind.HTTP, status, 5,
                        status == CheckResult.Status.UP ? "HTTP 200" : "HTTP 503", null));
    }

    /** A server heard once on time, then with its clock off by {@code off} for five intervals, then set right. */
    void runsWithClockOff(Duration off) throws Exception {
        String host = "skew-" + UUID.randomUUID().toString().substring(0, 8);
        String targetId = "kurashiki/" + host;
        try (Stack stack = new Stack(bootstrapServers, openSearchUrl)) {
            stored(stack, send(stack, heartbeat(host, now())));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Retryable.io(() -> stack.search("mihari-status",
                    "targetId:\"" + targetId + "\" AND to:UP", 10))).hasSize(1));
            double aheadBefore = clockAhead();

            for (int i = 0; i < 5; i++) {
                TestClock.CLOCK.advance(Duration.ofSeconds(INTERVAL));
                Instant sentAt = now();
                Event event = send(stack, heartbeat(host, sentAt.plus(off)));
                JsonNode doc = stored(stack, event);
                assertThat(Instant.parse(doc.path("occurredAt").asText())).as("the time the agent claims")
                        .isEqualTo(event.occurredAt());
                Instant receivedAt = Instant.parse(doc.path("receivedAt").asText());
                assertThat(receivedAt).as("the time it was received, beside it")
                        .isBetween(sentAt, sentAt.plus(WAIT));
            }
            // the offset Mihari estimated is stored with the target's status (positive: the agent is ahead)
            double expected = off.toMillis() / 1000.0;
            await().atMost(WAIT).untilAsserted(() -> {
                List<JsonNode> target = Retryable.io(() -> stack.search("mihari-targets",
                        "targetId:\"" + targetId + "\"", 1));
                assertThat(target).hasSize(1);
                assertThat(target.get(0).path("clockOffsetSeconds").isNumber()).as("clockOffsetSeconds stored")
                        .isTrue();
                assertThat(target.get(0).path("clockOffsetSeconds").asDouble()).isCloseTo(expected,
                        org.assertj.core.data.Offset.offset(5.0));
            });
            if (off.isNegative()) {
                assertThat(clockAhead()).isEqualTo(aheadBefore);
            } else {
                assertThat(clockAhead()).as("mihari_ingest_clock_ahead_total").isGreaterThanOrEqualTo(aheadBefore + 5);
            }

            // the clock set right again: heard on time; through all of it the server was never DOWN
            stored(stack, send(stack, heartbeat(host, now())));
            assertThat(Retryable.io(() -> stack.search("mihari-status", "targetId:\"" + targetId + "\" AND to:DOWN",
                    10))).as("DOWN transitions").isEmpty();
            assertThat(Retryable.io(() -> stack.search("mihari-status", "targetId:\"" + targetId + "\" AND to:UP",
                    10))).as("UP transitions").hasSize(1);
            assertThat(Retryable.io(() -> stack.count("mihari-events-*", "targetId:\"" + targetId + "\"")))
                    .as("every heartbeat stored once").isEqualTo(7);
        }
    }

    static Event send(Stack stack, Event event) throws Exception {
        stack.send(event).get();
        return event;
    }

    /** The stored document of {@code event}, once ingest has stored it. */
    static JsonNode stored(Stack stack, Event event) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(WAIT).untilAsserted(() -> {
            List<JsonNode> found = Retryable.io(() -> stack.search("mihari-events-*",
                    "eventId:\"" + event.eventId() + "\"", 10));
            assertThat(found).as("event %s (dated %s) stored", event.eventId(), event.occurredAt()).hasSize(1);
            doc[0] = found.get(0);
        });
        return doc[0];
    }

    double clockAhead() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(metricsUrl.toURI()).build(), HttpResponse.BodyHandlers.ofString());
        return HostileIntakeTest.metric(response.body(), "mihari_ingest_clock_ahead_total", "tenant=\"kurashiki\"");
    }
}
