package io.mihari.model.availability;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Whose responsibility the time {@code [start, end)} is (責任区分), as set on an incident. Downtime inside a
 * non-{@code VENDOR} attribution is excluded from the contractual figure.
 *
 * @param start first instant (inclusive)
 * @param end first instant no longer inside (exclusive); not before {@code start} ({@code start == end} is empty)
 * @param attribution the name of an {@link io.mihari.model.command.Attribution}: {@code VENDOR}, {@code CLOUD},
 *        {@code CITY}, {@code EXTERNAL} or {@code PLANNED}
 * @param incidentId the incident it was set on; may be null
 */
public record Attribution(Instant start, Instant end, String attribution, String incidentId) {

    public Attribution {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("an attribution ends at or after its start, was " + start + "–" + end);
        }
        if (attribution == null || Arrays.stream(io.mihari.model.command.Attribution.values())
                .noneMatch(a -> a.name().equals(attribution))) {
            throw new IllegalArgumentException("attribution must be one of "
                    + Arrays.toString(io.mihari.model.command.Attribution.values()) + ", was " + attribution);
        }
    }

    /** Whether the vendor answers for this time (only {@code VENDOR} time counts against it). */
    public boolean vendorsResponsibility() {
        return io.mihari.model.command.Attribution.valueOf(attribution).vendorsResponsibility();
    }
}
