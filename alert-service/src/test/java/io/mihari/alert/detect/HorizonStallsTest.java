package io.mihari.alert.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A stall of ingest told from a clock that moved, with exact instants and monotonic ticks. */
class HorizonStallsTest {

    static final Instant T = Instant.parse("2026-12-07T14:04:00Z");
    static final long S = 1_000_000_000L;

    static Instant at(double seconds) {
        return T.plusMillis(Math.round(seconds * 1000));
    }

    static long tick(double seconds) {
        return Math.round(seconds * S);
    }

    @Test
    void aKafkaOutageIsAStallEvenWhenTheHorizonCreptUpToTheKillRightBeforeTheJump() {
        HorizonStalls stalls = new HorizonStalls(Duration.ofSeconds(5), 0);
        // confirmed every second until the broker dies at 11.5 s (the horizon current each time)
        for (int s = 1; s <= 11; s++) {
            assertThat(stalls.seen(at(s - 1), at(s), at(s), tick(s))).isNull();
        }
        // 53 s later Kafka answers: first the records appended just before the kill (11.525), then the ends
        assertThat(stalls.seen(at(11), at(11.525), at(64.9), tick(64.9))).isNull();
        HorizonStalls.Jump jump = stalls.seen(at(11.525), at(65.034), at(65.0), tick(65.0));

        assertThat(jump.stall()).isTrue();
        assertThat(jump.from()).isEqualTo(at(11.525)); // the old horizon: later than when it was last current (11)
        assertThat(jump.to()).isEqualTo(at(65.034));
        assertThat(jump.notCurrentFor()).isEqualTo(Duration.ofSeconds(54));
    }

    @Test
    void aClockMovedForwardIsNoStall() {
        HorizonStalls stalls = new HorizonStalls(Duration.ofSeconds(5), 0);
        assertThat(stalls.seen(at(0), at(1), at(1), tick(1))).isNull();
        // a test clock moved 30 minutes ahead: the next confirmation is 30 minutes later, one real second after
        HorizonStalls.Jump jump = stalls.seen(at(1), at(1802), at(1802), tick(2));

        assertThat(jump.stall()).isFalse();
        assertThat(jump.notCurrentFor()).isEqualTo(Duration.ofSeconds(1));
        // and it is current again: the next second is ordinary
        assertThat(stalls.seen(at(1802), at(1803), at(1803), tick(3))).isNull();
    }

    @Test
    void aStallStartsWhenTheHorizonWasLastCurrentWhenThatIsLaterThanTheOldHorizon() {
        HorizonStalls stalls = new HorizonStalls(Duration.ofSeconds(5), 0);
        // the horizon is 3 s behind the clock (within the threshold: current), then nothing is seen for 40 s
        assertThat(stalls.seen(at(7), at(8), at(11), tick(11))).isNull();
        HorizonStalls.Jump jump = stalls.seen(at(8), at(60), at(60), tick(60));

        assertThat(jump.stall()).isTrue();
        assertThat(jump.from()).isEqualTo(at(11)); // 60 − 49 s not current
        assertThat(jump.notCurrentFor()).isEqualTo(Duration.ofSeconds(49));
    }

    @Test
    void smallStepsAndStepsBackAreNoJump() {
        HorizonStalls stalls = new HorizonStalls(Duration.ofSeconds(5), 0);
        assertThat(stalls.seen(null, at(0), at(0), tick(0))).isNull();
        assertThat(stalls.seen(at(0), at(4), at(30), tick(30))).isNull(); // 4 s: below the threshold
        assertThat(stalls.seen(at(4), at(2), at(31), tick(31))).isNull(); // backwards
        assertThat(stalls.seen(at(2), null, at(32), tick(32))).isNull(); // unknown
    }
}
