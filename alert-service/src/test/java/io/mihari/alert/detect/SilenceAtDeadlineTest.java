package io.mihari.alert.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.alert.testing.Stack;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.Retryable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Silence is judged at its deadline, not on the evaluation timer (issue 15), against the real Kafka and OpenSearch:
 * with the timer set to once an hour, a server whose heartbeats stop is still DOWN — because ingest wakes at the
 * deadline, confirms it has seen the partitions up to then and hands that on to detection — and never before its
 * deadline: the outage starts at its last heartbeat, and it is detected no earlier than three intervals after it. The interval is the heartbeat's own (the host is
 * not in the catalog).
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestProfile(SilenceAtDeadlineTest.HourlyEvaluation.class)
class SilenceAtDeadlineTest {

    /** The evaluation timer comes once an hour: only the deadline path can find the silence within the test. */
    public static class HourlyEvaluation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mihari.liveness.evaluate-every", "1h");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    /** mihari.liveness.missed-heartbeats of the test application. */
    static final int MISSED = 3;
    /** The heartbeat interval the silent server announces, in seconds. */
    static final int INTERVAL = 2;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    long seq;

    Instant now() {
        return TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    void heartbeat(Stack stack, String host) throws Exception {
        stack.send(new Event(UUID.randomUUID().toString(), 1, EventType.HEARTBEAT, now(), "kurashiki", "juki", host,
                "agent-" + host, ++seq, new Heartbeat(INTERVAL, "test"))).get();
    }

    @Test
    void aSilentServerIsDownAtItsDeadlineWithoutTheEvaluationTimer() throws Exception {
        String host = "silent-" + UUID.randomUUID().toString().substring(0, 8);
        String targetId = "kurashiki/" + host;
        try (Stack stack = new Stack(bootstrapServers, openSearchUrl)) {
            heartbeat(stack, host); // its only heartbeat: the server falls silent after it

            JsonNode[] down = new JsonNode[1];
            await().atMost(WAIT).untilAsserted(() -> {
                List<JsonNode> found = Retryable.io(() -> stack.search("mihari-status",
                        "targetId:\"" + targetId + "\" AND to:DOWN", 10));
                assertThat(found).hasSize(1);
                down[0] = found.get(0);
            });
            List<JsonNode> heartbeats = Retryable.io(() -> stack.search("mihari-events-*",
                    "targetId:\"" + targetId + "\" AND type:HEARTBEAT", 10));
            assertThat(heartbeats).hasSize(1);
            Instant lastHeard = Instant.parse(heartbeats.get(0).path("receivedAt").asText());

            assertThat(down[0].path("cause").asText()).isEqualTo("HEARTBEAT_MISSING");
            assertThat(Instant.parse(down[0].path("at").asText())).as("the outage starts when it was heard last")
                    .isEqualTo(lastHeard);
            assertThat(Instant.parse(down[0].path("detectedAt").asText())).as("never before the deadline")
                    .isAfterOrEqualTo(lastHeard.plusSeconds((long) MISSED * INTERVAL));
        }
    }
}
