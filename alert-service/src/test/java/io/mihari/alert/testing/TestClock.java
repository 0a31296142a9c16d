package io.mihari.alert.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of alert-service in its Quarkus tests: the system clock plus an offset the tests move forward, so
 * deadlines of minutes (a hung job, a missed schedule) are reached at once and asserted to the millisecond.
 */
@ApplicationScoped
public class TestClock {

    /** The clock every bean of the test application uses. */
    public static final Shifted CLOCK = new Shifted();

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return CLOCK;
    }

    /** System time moved forward by an offset. */
    public static final class Shifted extends Clock {
        private final Clock system = Clock.systemUTC();
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        public void advance(Duration by) {
            offset.accumulateAndGet(by, Duration::plus);
        }

        /** Back to system time (for a test that moved it hours ahead, before the next application starts). */
        public void reset() {
            offset.set(Duration.ZERO);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return system.instant().plus(offset.get());
        }
    }
}
