package io.mihari.dashboard.auth.login;

import io.mihari.dashboard.auth.state.Throttle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlePolicyTest {

    static final ThrottlePolicy ACCOUNT = new ThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 10,
            Duration.ofMinutes(15), Duration.ofHours(1));
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theFirstFailuresAreFreeThenTheDelayDoublesUpToItsMaximum() {
        Throttle t = Throttle.empty("account|x");
        List<Duration> delays = new ArrayList<>();
        Instant now = T0;
        // (all at one instant: the delays are what each failure asks of the next attempt)
        for (int i = 0; i < 12; i++) {
            t = ACCOUNT.failed(t, now);
            delays.add(t.notBefore() == null ? Duration.ZERO : Duration.between(now, t.notBefore()));
        }
        assertThat(delays).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
                Duration.ofSeconds(32), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    @Test
    void everyTenthFailureLocksForFifteenMinutesAndTheLockWinsOverTheDelay() {
        Throttle t = Throttle.empty("account|x");
        for (int i = 0; i < 9; i++) {
            t = ACCOUNT.failed(t, T0);
        }
        assertThat(t.lockedAt(T0)).isFalse();
        t = ACCOUNT.failed(t, T0);
        assertThat(t.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(t.refusedUntil(T0.plusSeconds(61))).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(t.refusedUntil(T0.plus(Duration.ofMinutes(15)))).isNull();
    }

    @Test
    void aQuietHourWithoutLockoutForgetsTheFailures() {
        Throttle t = Throttle.empty("account|x");
        for (int i = 0; i < 5; i++) {
            t = ACCOUNT.failed(t, T0);
        }
        assertThat(ACCOUNT.current(t, T0.plus(Duration.ofMinutes(59))).failures()).isEqualTo(5);
        assertThat(ACCOUNT.current(t, T0.plus(Duration.ofHours(1))).failures()).isZero();
        assertThat(ACCOUNT.failed(t, T0.plus(Duration.ofHours(1))).notBefore()).isNull();
    }

    @Test
    void aRightAttemptIsTakenBackFromTheAddressCount() {
        Throttle t = ACCOUNT.failed(ACCOUNT.failed(ACCOUNT.failed(ACCOUNT.failed(Throttle.empty("address|a"), T0), T0),
                T0), T0);
        assertThat(t.notBefore()).isNotNull();
        Throttle back = ACCOUNT.refunded(t, T0);
        assertThat(back.failures()).isEqualTo(3);
        assertThat(back.notBefore()).isNull();
    }
}
