package io.mihari.alert.detect;

import io.mihari.alert.detect.CheckMonitor.Change;
import io.mihari.alert.detect.CheckMonitor.CheckState;
import io.mihari.model.catalog.CheckPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CheckMonitorTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String WEB = "juki-web";
    static final CheckPolicy THREE_TWO = new CheckPolicy(3, 2);

    final CheckMonitor monitor = new CheckMonitor();

    Optional<Change> pass(String check, int second) {
        return monitor.onResult(AP1, THREE_TWO, check, true, "HTTP 200", T0.plusSeconds(second));
    }

    Optional<Change> fail(String check, int second) {
        return monitor.onResult(AP1, THREE_TWO, check, false, "HTTP 503", T0.plusSeconds(second));
    }

    @Test
    void neverSeenCheckIsUnknownAndFirstPassTurnsItUp() {
        assertThat(monitor.state(AP1, WEB)).isEqualTo(CheckState.UNKNOWN);
        assertThat(monitor.checks(AP1)).isEmpty();

        assertThat(pass(WEB, 0)).hasValueSatisfying(c -> {
            assertThat(c.targetId()).isEqualTo(AP1);
            assertThat(c.check()).isEqualTo(WEB);
            assertThat(c.from()).isEqualTo(CheckState.UNKNOWN);
            assertThat(c.to()).isEqualTo(CheckState.UP);
            assertThat(c.at()).isEqualTo(T0);
            assertThat(c.message()).isEqualTo("HTTP 200");
        });
        assertThat(pass(WEB, 10)).isEmpty();
        assertThat(monitor.checks(AP1)).containsExactlyEntriesOf(Map.of(WEB, CheckState.UP));
    }

    @Test
    void downAfterTheThirdFailureInARowAtTheFirstFailuresInstant() {
        pass(WEB, 0);

        assertThat(fail(WEB, 10)).isEmpty();
        assertThat(fail(WEB, 20)).as("two of three failures").isEmpty();
        assertThat(fail(WEB, 30)).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo(CheckState.UP);
            assertThat(c.to()).isEqualTo(CheckState.DOWN);
            assertThat(c.at()).as("when the trouble began").isEqualTo(T0.plusSeconds(10));
            assertThat(c.message()).isEqualTo("HTTP 503");
        });
        assertThat(fail(WEB, 40)).as("reported once").isEmpty();
        assertThat(monitor.state(AP1, WEB)).isEqualTo(CheckState.DOWN);
    }

    @Test
    void aPassInBetweenResetsTheFailureStreak() {
        pass(WEB, 0);
        fail(WEB, 10);
        fail(WEB, 20);
        assertThat(pass(WEB, 30)).isEmpty();
        assertThat(fail(WEB, 40)).isEmpty();
        assertThat(fail(WEB, 50)).isEmpty();
        assertThat(monitor.state(AP1, WEB)).isEqualTo(CheckState.UP);

        assertThat(fail(WEB, 60)).hasValueSatisfying(c -> assertThat(c.at()).isEqualTo(T0.plusSeconds(40)));
    }

    @Test
    void unknownCheckThatFailsFromTheStartIsDownAfterThreeFailures() {
        assertThat(fail(WEB, 0)).isEmpty();
        assertThat(fail(WEB, 10)).isEmpty();
        assertThat(monitor.checks(AP1)).containsExactlyEntriesOf(Map.of(WEB, CheckState.UNKNOWN));

        assertThat(fail(WEB, 20)).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo(CheckState.UNKNOWN);
            assertThat(c.to()).isEqualTo(CheckState.DOWN);
            assertThat(c.at()).isEqualTo(T0);
        });
    }

    @Test
    void unknownCheckWithSomeFailuresIsUpOnItsFirstPass() {
        fail(WEB, 0);
        fail(WEB, 10);

        assertThat(pass(WEB, 20)).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo(CheckState.UNKNOWN);
            assertThat(c.to()).isEqualTo(CheckState.UP);
            assertThat(c.at()).isEqualTo(T0.plusSeconds(20));
        });
    }

    @Test
    void recoversAfterTwoPassesInARowAtTheFirstPassesInstant() {
        pass(WEB, 0);
        fail(WEB, 10);
        fail(WEB, 20);
        fail(WEB, 30);

        assertThat(pass(WEB, 40)).as("one pass is not a recovery").isEmpty();
        assertThat(fail(WEB, 50)).as("flapping").isEmpty();
        assertThat(pass(WEB, 60)).isEmpty();
        assertThat(pass(WEB, 70)).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo(CheckState.DOWN);
            assertThat(c.to()).isEqualTo(CheckState.UP);
            assertThat(c.at()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void policyOfOneAndOneDecidesOnEveryChangeOfResult() {
        CheckPolicy once = new CheckPolicy(1, 1);

        assertThat(monitor.onResult(AP1, once, WEB, false, "refused", T0)).hasValueSatisfying(c -> {
            assertThat(c.to()).isEqualTo(CheckState.DOWN);
            assertThat(c.at()).isEqualTo(T0);
        });
        assertThat(monitor.onResult(AP1, once, WEB, false, "refused", T0.plusSeconds(10))).isEmpty();
        assertThat(monitor.onResult(AP1, once, WEB, true, "ok", T0.plusSeconds(20))).hasValueSatisfying(c -> {
            assertThat(c.to()).isEqualTo(CheckState.UP);
            assertThat(c.at()).isEqualTo(T0.plusSeconds(20));
        });
        assertThat(monitor.onResult(AP1, once, WEB, false, "refused", T0.plusSeconds(30)))
                .hasValueSatisfying(c -> assertThat(c.to()).isEqualTo(CheckState.DOWN));
    }

    @Test
    void resultOlderThanTheNewestAppliedIsIgnored() {
        pass(WEB, 0);
        fail(WEB, 30);
        fail(WEB, 40);

        assertThat(pass(WEB, 20)).as("replayed from the spool: does not break the streak").isEmpty();
        assertThat(fail(WEB, 25)).as("nor extend it").isEmpty();
        assertThat(fail(WEB, 40)).as("duplicate of the newest: not counted twice").isEmpty();
        assertThat(monitor.state(AP1, WEB)).isEqualTo(CheckState.UP);

        assertThat(fail(WEB, 50)).hasValueSatisfying(c -> assertThat(c.at()).isEqualTo(T0.plusSeconds(30)));
    }

    @Test
    void checksOfOneTargetAreIndependent() {
        pass(WEB, 0);
        pass("juki-db-port", 0);
        fail(WEB, 10);
        fail(WEB, 20);
        assertThat(pass("juki-db-port", 25)).isEmpty();

        assertThat(fail(WEB, 30)).hasValueSatisfying(c -> assertThat(c.check()).isEqualTo(WEB));
        assertThat(monitor.checks(AP1)).as("by check name")
                .containsExactly(Map.entry("juki-db-port", CheckState.UP), Map.entry(WEB, CheckState.DOWN));
        assertThat(monitor.checks("kurashiki/krs-juki-ap2")).isEmpty();
    }

    @Test
    void forgetDropsEverythingAboutTheTarget() {
        pass(WEB, 0);
        fail(WEB, 10);
        fail(WEB, 20);
        monitor.onResult("kurashiki/krs-juki-ap2", THREE_TWO, WEB, true, "HTTP 200", T0);

        monitor.forget(AP1);

        assertThat(monitor.checks(AP1)).isEmpty();
        assertThat(monitor.state(AP1, WEB)).isEqualTo(CheckState.UNKNOWN);
        assertThat(monitor.state("kurashiki/krs-juki-ap2", WEB)).isEqualTo(CheckState.UP);
        assertThat(fail(WEB, 5)).as("streak and newest instant are gone too").isEmpty();
        assertThat(pass(WEB, 6)).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo(CheckState.UNKNOWN));
    }

    @Test
    void forgetIfDropsEveryMatchingTarget() {
        fail(WEB, 10);
        fail(WEB, 20);
        monitor.onResult("kurashiki/krs-juki-ap2", THREE_TWO, WEB, true, "HTTP 200", T0);
        monitor.onResult("kurashiki/krs-juki-ap3", THREE_TWO, WEB, true, "HTTP 200", T0);

        monitor.forgetIf(id -> !id.endsWith("ap3"));

        assertThat(monitor.checks(AP1)).isEmpty();
        assertThat(monitor.checks("kurashiki/krs-juki-ap2")).isEmpty();
        assertThat(monitor.state("kurashiki/krs-juki-ap3", WEB)).isEqualTo(CheckState.UP);
        assertThat(fail(WEB, 30)).as("the streak is gone").isEmpty();
    }

    @Test
    void restoredDownCheckNeedsTheFullStreakToRecover() {
        monitor.restore(AP1, WEB, CheckState.DOWN, T0);
        assertThat(monitor.state(AP1, WEB)).isEqualTo(CheckState.DOWN);

        assertThat(pass(WEB, -10)).as("older than the stored verdict").isEmpty();
        assertThat(fail(WEB, 10)).as("already down").isEmpty();
        assertThat(pass(WEB, 20)).isEmpty();
        assertThat(pass(WEB, 30)).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo(CheckState.DOWN);
            assertThat(c.to()).isEqualTo(CheckState.UP);
            assertThat(c.at()).isEqualTo(T0.plusSeconds(20));
        });
    }

    @Test
    void restoreDoesNotOverwriteWhatWasSeenNorRestoreUnknown() {
        pass(WEB, 0);
        monitor.restore(AP1, WEB, CheckState.DOWN, T0.minusSeconds(60));
        monitor.restore(AP1, "juki-batch-proc", CheckState.UNKNOWN, T0);

        assertThat(monitor.checks(AP1)).containsExactlyEntriesOf(Map.of(WEB, CheckState.UP));
    }
}
