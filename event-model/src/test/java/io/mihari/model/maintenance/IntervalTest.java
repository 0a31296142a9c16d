package io.mihari.model.maintenance;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalTest {

    private static Interval iv(String start, String end) {
        return new Interval(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void durationAndHalfOpenContains() {
        Interval i = iv("2026-11-01T00:00:00Z", "2026-11-01T03:00:00Z");

        assertThat(i.duration()).isEqualTo(Duration.ofHours(3));
        assertThat(i.contains(Instant.parse("2026-11-01T00:00:00Z"))).isTrue();
        assertThat(i.contains(Instant.parse("2026-11-01T02:59:59.999999999Z"))).isTrue();
        assertThat(i.contains(Instant.parse("2026-11-01T03:00:00Z"))).isFalse();
        assertThat(i.contains(Instant.parse("2026-10-31T23:59:59Z"))).isFalse();
    }

    @Test
    void endBeforeStartIsRejected() {
        assertThatThrownBy(() -> iv("2026-11-01T03:00:00Z", "2026-11-01T00:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Interval(null, Instant.EPOCH)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mergeSortsAndJoinsOverlappingAndTouchingIntervals() {
        List<Interval> merged = Interval.merge(List.of(
                iv("2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z"),
                iv("2026-11-01T01:00:00Z", "2026-11-01T03:00:00Z"),
                iv("2026-11-01T02:00:00Z", "2026-11-01T04:00:00Z"),   // overlaps the previous
                iv("2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z"),   // touches
                iv("2026-11-01T02:30:00Z", "2026-11-01T02:45:00Z"),   // inside
                iv("2026-11-01T08:00:00Z", "2026-11-01T08:00:00Z"))); // empty: dropped

        assertThat(merged).containsExactly(
                iv("2026-11-01T01:00:00Z", "2026-11-01T05:00:00Z"),
                iv("2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z"));
    }

    @Test
    void mergeOfNothingIsEmpty() {
        assertThat(Interval.merge(List.of())).isEmpty();
    }
}
