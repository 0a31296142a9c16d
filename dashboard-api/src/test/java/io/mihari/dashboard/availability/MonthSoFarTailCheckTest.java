package io.mihari.dashboard.availability;

import io.mihari.model.availability.TargetTransition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month so far takes a service's new transitions from its tail only when the result is exactly what the service's
 * fingerprint counts (issue 15): as many transitions in the range, with the same sum, first and last instant.
 */
class MonthSoFarTailCheckTest {

    static final Instant FROM = Instant.parse("2026-11-30T15:00:00Z");

    static AvailabilityReader.Loaded at(Instant at, String to) {
        return new AvailabilityReader.Loaded("svc", new TargetTransition("kurashiki/ap1", at, to, "CHECK_FAILED"));
    }

    static AvailabilityReader.Fingerprint of(Instant... inRange) {
        long sum = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Instant i : inRange) {
            sum += i.toEpochMilli();
            first = Math.min(first, i.toEpochMilli());
            last = Math.max(last, i.toEpochMilli());
        }
        return new AvailabilityReader.Fingerprint(1, FROM.minusSeconds(60).toEpochMilli(), inRange.length, sum,
                inRange.length == 0 ? Double.POSITIVE_INFINITY : first,
                inRange.length == 0 ? Double.NEGATIVE_INFINITY : last);
    }

    @Test
    void theSameTransitionsMatchTheirFingerprintStartingStatesAside() {
        Instant a = FROM.plusSeconds(100);
        Instant b = FROM.plusSeconds(200);
        List<AvailabilityReader.Loaded> list = List.of(at(FROM.minusSeconds(60), "UP"), at(a, "DOWN"), at(b, "UP"));

        assertThat(MonthSoFarTransitions.matches(list, of(a, b), FROM)).isTrue();
        assertThat(MonthSoFarTransitions.matches(List.of(at(FROM.minusSeconds(60), "UP")), of(), FROM)).isTrue();
    }

    @Test
    void aMissingLateTransitionMadeUpForByALaterOneDoesNotMatch() {
        Instant late = FROM.plusSeconds(50); // stored late: older than what was read before
        Instant n1 = FROM.plusSeconds(300);
        Instant n2 = FROM.plusSeconds(400); // stored after the fingerprint was taken
        // the fingerprint counts late and n1; the tail brought n1 and n2: as many, but not the same ones
        List<AvailabilityReader.Loaded> merged = List.of(at(FROM.plusSeconds(100), "DOWN"), at(n1, "UP"),
                at(n2, "DOWN"));

        assertThat(MonthSoFarTransitions.matches(merged, of(FROM.plusSeconds(100), late, n1), FROM)).isFalse();
        assertThat(MonthSoFarTransitions.matches(merged.subList(0, 2), of(FROM.plusSeconds(100), late, n1), FROM))
                .as("one short").isFalse();
    }
}
