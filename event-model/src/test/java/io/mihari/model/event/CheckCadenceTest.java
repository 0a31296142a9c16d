package io.mihari.model.event;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's check cadence: interval, quick re-checks after a first failure, no overlap. */
class CheckCadenceTest {

    static final Duration MS5 = Duration.ofMillis(5);

    static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    @Test
    void passingRunsComeEveryIntervalFromStartToStart() {
        CheckCadence cadence = CheckCadence.defaults();

        assertThat(cadence.afterRun(true, MS5)).isEqualTo(s(19.995));
        assertThat(cadence.rechecking()).isFalse();
        assertThat(cadence.afterRun(true, Duration.ZERO)).isEqualTo(s(20));
    }

    @Test
    void aFirstFailureIsRecheckedEveryTwoSecondsUntilOnePasses() {
        CheckCadence cadence = CheckCadence.defaults();
        cadence.afterRun(true, MS5);

        assertThat(cadence.afterRun(false, MS5)).isEqualTo(s(1.995));
        assertThat(cadence.rechecking()).isTrue();
        assertThat(cadence.afterRun(false, MS5)).isEqualTo(s(1.995));
        assertThat(cadence.afterRun(true, MS5)).as("passed: back to the interval").isEqualTo(s(19.995));
        assertThat(cadence.rechecking()).isFalse();
        assertThat(cadence.afterRun(false, MS5)).as("a new first failure: new re-checks").isEqualTo(s(1.995));
    }

    @Test
    void aFailingFirstResultAlsoStartsReChecks() {
        assertThat(CheckCadence.defaults().afterRun(false, Duration.ZERO)).isEqualTo(s(2));
    }

    @Test
    void afterTheLastReCheckAStillFailingCheckRunsAtItsIntervalUntilItPasses() {
        CheckCadence cadence = CheckCadence.defaults();
        for (int i = 0; i < 6; i++) {
            assertThat(cadence.afterRun(false, Duration.ZERO)).as("failure %d", i + 1).isEqualTo(s(2));
        }
        assertThat(cadence.afterRun(false, Duration.ZERO)).as("the 7th failure: re-checks used up").isEqualTo(s(20));
        assertThat(cadence.rechecking()).isFalse();
        assertThat(cadence.afterRun(false, Duration.ZERO)).as("still down: no new burst").isEqualTo(s(20));
        assertThat(cadence.afterRun(true, Duration.ZERO)).isEqualTo(s(20));
        assertThat(cadence.afterRun(false, Duration.ZERO)).as("down again after a pass").isEqualTo(s(2));
    }

    @Test
    void aRunLongerThanItsSpacingIsFollowedAtOnceNeverOverlapping() {
        CheckCadence cadence = CheckCadence.defaults();
        assertThat(cadence.afterRun(false, Duration.ofSeconds(10))).as("timed out after 10 s").isZero();
        assertThat(cadence.afterRun(false, s(1.5))).isEqualTo(s(0.5));
        assertThat(cadence.afterRun(true, Duration.ofSeconds(25))).isZero();
    }

    @Test
    void withoutReChecksEveryRunWaitsTheInterval() {
        CheckCadence cadence = new CheckCadence(Duration.ofSeconds(30), Duration.ofSeconds(2), 0);
        assertThat(cadence.afterRun(false, Duration.ZERO)).isEqualTo(s(30));
        assertThat(cadence.afterRun(false, Duration.ZERO)).isEqualTo(s(30));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new CheckCadence(Duration.ZERO, Duration.ofSeconds(2), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckCadence(Duration.ofSeconds(20), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckCadence(Duration.ofSeconds(20), Duration.ofSeconds(2), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
