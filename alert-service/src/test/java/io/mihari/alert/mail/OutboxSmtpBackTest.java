package io.mihari.alert.mail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.alert.testing.Stack;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.MihariInfraResource;
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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: mail held back by an SMTP outage goes as soon as the server answers again, not at the end of its backoff.
 * The fault run found first reports sent up to 10 minutes (the maximum backoff) after a 15-minute SMTP outage ended,
 * that much more delay on the SLA record. Here the backoff is an hour: the mail must still arrive within seconds of
 * the server's return, once, and the outbox record it SENT on its second attempt.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestProfile(OutboxSmtpBackTest.HourLongBackoff.class)
class OutboxSmtpBackTest {

    public static class HourLongBackoff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mihari.mail.retry-backoff", "1h", "mihari.mail.max-retry-backoff", "1h",
                    "mihari.mail.deliver-every", "1s");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @Test
    void mailHeldBackByAnSmtpOutageGoesWhenTheServerAnswersAgain() {
        String subject = "[Mihari] held back " + UUID.randomUUID();
        OutboxMail queued = OutboxImmediateSendTest.mail(subject, clock.instant());
        try (Stack stack = new Stack(bootstrapServers, openSearchUrl)) {
            MihariInfra.mail().stop();
            Instant back;
            try {
                outbox.enqueue(queued);
                // the immediate send failed: the mail waits for an hour-long backoff
                await().atMost(WAIT).until(() -> attempts(stack, queued) >= 1);
                JsonNode failed = stored(stack, queued);
                assertThat(failed.path("status").asText()).isEqualTo(OutboxMail.PENDING);
                assertThat(Retryable.instant(failed.path("nextAttemptAt")))
                        .isAfter(clock.instant().plus(Duration.ofMinutes(50)));
            } finally {
                back = clock.instant();
                MihariInfra.mail().startAgain();
            }

            await().atMost(WAIT).until(() -> !OutboxImmediateSendTest.received(subject).isEmpty());
            await().atMost(WAIT).until(() -> OutboxMail.SENT.equals(stored(stack, queued).path("status").asText()));
            JsonNode sent = stored(stack, queued);
            assertThat(sent.path("attempts").asInt()).as("failed once, then sent").isEqualTo(2);
            assertThat(Retryable.instant(sent.path("sentAt"))).isBetween(back, back.plus(WAIT));
        }
        outbox.deliverDue();
        assertThat(OutboxImmediateSendTest.received(subject)).as("sent once").hasSize(1);
    }

    static JsonNode stored(Stack stack, OutboxMail mail) {
        return Retryable.io(() -> stack.get("/mihari-outbox/_doc/" + mail.id())).path("_source");
    }

    static int attempts(Stack stack, OutboxMail mail) {
        return stored(stack, mail).path("attempts").asInt();
    }
}
