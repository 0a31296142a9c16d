package io.mihari.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RetryableTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void anInstantNotStoredYetIsAnAssertionErrorNamingWhatWasFound() throws Exception {
        JsonNode report = json("{\"sentAt\":null,\"dueAt\":\"2026-12-01T10:00:00Z\",\"seq\":1,\"at\":\"soon\"}");

        assertThat(Retryable.instant(report.path("dueAt"))).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThatThrownBy(() -> Retryable.instant(report.path("sentAt"))).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an instant, found null");
        assertThatThrownBy(() -> Retryable.instant(report.path("createdAt"))).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an instant, found no such field");
        assertThatThrownBy(() -> Retryable.instant(report.path("seq"))).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an instant, found 1");
        assertThatThrownBy(() -> Retryable.instant(report.path("at"))).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an instant, found \"soon\"");
        assertThatThrownBy(() -> Retryable.instant(null)).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an instant, found nothing (null)");
    }

    @Test
    void anArrayElementNotWrittenYetIsAnAssertionError() throws Exception {
        JsonNode sla = json("{\"statusReports\":[{\"seq\":1}]}");

        assertThat(Retryable.element(sla.path("statusReports"), 0).path("seq").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> Retryable.element(sla.path("statusReports"), 1))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an array with element 1, found [{\"seq\":1}]");
        assertThatThrownBy(() -> Retryable.element(sla.path("reminders"), 0)).isExactlyInstanceOf(AssertionError.class)
                .hasMessage("expected an array with element 0, found no such field");
    }

    @Test
    void aFailedRequestIsAnAssertionErrorWithItsCauseAndOtherExceptionsPassUnchanged() {
        IOException reset = new IOException("connection reset");
        assertThatThrownBy(() -> Retryable.io(() -> {
            throw reset;
        })).isExactlyInstanceOf(AssertionError.class).hasCause(reset);
        assertThatThrownBy(() -> Retryable.io(() -> {
            throw new ExecutionException(new IllegalStateException("coordinator not available"));
        })).isExactlyInstanceOf(AssertionError.class).hasCauseInstanceOf(ExecutionException.class);
        IllegalArgumentException bug = new IllegalArgumentException("a bug, not a moment");
        assertThatThrownBy(() -> Retryable.io(() -> {
            throw bug;
        })).isSameAs(bug);
        assertThat(Retryable.io(() -> "answer")).isEqualTo("answer");
    }

    @Test
    void awaitilityWaitsThroughAValueThatIsNotThereYet() {
        AtomicInteger reads = new AtomicInteger();
        String[] stored = {"{}", "{\"sentAt\":null}", "{\"sentAt\":\"2026-12-01T10:05:00Z\"}"};

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            JsonNode report = Retryable.io(() -> json(stored[Math.min(reads.getAndIncrement(), 2)]));
            assertThat(Retryable.instant(report.path("sentAt"))).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
        });
        assertThat(reads.get()).isEqualTo(3);
    }
}
