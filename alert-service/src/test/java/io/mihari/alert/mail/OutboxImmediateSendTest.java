package io.mihari.alert.mail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.alert.testing.Stack;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.ReceivedMail;
import io.mihari.testsupport.Retryable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queued mail is sent at once by the instance that queued it (issue 15), against the real OpenSearch and SMTP
 * server: with the delivery round set to once an hour, the mail reaches the SMTP server anyway, once, and the outbox
 * records it SENT after one attempt; a delivery round run at the same moment does not send it a second time.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestProfile(OutboxImmediateSendTest.HourlyRound.class)
class OutboxImmediateSendTest {

    /** The delivery round comes once an hour: only the immediate sender can deliver within the test. */
    public static class HourlyRound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mihari.mail.deliver-every", "1h");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TO = "dx@kurashiki.example";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    static OutboxMail mail(String subject, java.time.Instant now) {
        String id = "OUTBOX-TEST-" + UUID.randomUUID();
        return OutboxMail.pending(id, "INC-20261126-9999", "TEST_NOTICE", "ja", List.of(TO), subject, "本文 / body",
                "<p>本文 / body</p>", now);
    }

    static List<ReceivedMail> received(String subject) {
        return MihariInfra.mail().messages().stream().filter(m -> subject.equals(m.subject())).toList();
    }

    /** The outbox's copy of the mail once it is SENT after exactly one attempt (waits for it). */
    JsonNode awaitSent(Stack stack, OutboxMail queued) {
        JsonNode[] sent = new JsonNode[1];
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode stored = Retryable.io(() -> stack.get("/mihari-outbox/_doc/" + queued.id())).path("_source");
            assertThat(stored.path("status").asText()).isEqualTo(OutboxMail.SENT);
            assertThat(stored.path("attempts").asInt()).isEqualTo(1);
            assertThat(Retryable.instant(stored.path("sentAt"))).isAfterOrEqualTo(queued.createdAt());
            sent[0] = stored;
        });
        return sent[0];
    }

    @Test
    void aQueuedMailIsInTheSmtpServerWithoutWaitingForADeliveryRound() {
        String subject = "[Mihari] immediate " + UUID.randomUUID();
        OutboxMail queued = mail(subject, clock.instant());

        outbox.enqueue(queued);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received(subject)).isNotEmpty());
        assertThat(received(subject).get(0).to()).containsExactly(TO);
        try (Stack stack = new Stack(bootstrapServers, openSearchUrl)) {
            awaitSent(stack, queued);
        }
        assertThat(received(subject)).as("sent once").hasSize(1);
    }

    @Test
    void aDeliveryRoundAtTheSameMomentDoesNotSendItTwice() {
        String subject = "[Mihari] raced " + UUID.randomUUID();
        OutboxMail queued = mail(subject, clock.instant());

        outbox.enqueue(queued);
        outbox.enqueue(queued); // queued again (a retry after a storage failure): the same mail
        try (Stack stack = new Stack(bootstrapServers, openSearchUrl)) {
            Retryable.io(() -> stack.get("/mihari-outbox/_refresh")); // the round sees it while the sender works
            outbox.deliverDue();
            awaitSent(stack, queued);
        }
        // SENT is written only after the one send of whoever held the claim: both senders are done with it
        outbox.deliverDue();
        assertThat(received(subject)).as("sent once").hasSize(1);
    }
}
