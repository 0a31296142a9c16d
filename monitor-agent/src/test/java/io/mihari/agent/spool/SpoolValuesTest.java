package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.Dropped;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value types and the state file. */
class SpoolValuesTest {

    @TempDir
    Path dir;

    @Test
    void defaultSettingsSyncAndUseQuarterSegmentsOfAtMost16MiB() {
        assertThat(SpoolSettings.of(64L << 20, WhenFull.DROP_OLDEST))
                .isEqualTo(new SpoolSettings(64L << 20, WhenFull.DROP_OLDEST, true, 16L << 20));
        assertThat(SpoolSettings.of(1L << 30, WhenFull.REJECT_NEW).segmentBytes()).isEqualTo(16L << 20);
        assertThat(SpoolSettings.of(1000, WhenFull.REJECT_NEW).segmentBytes()).isEqualTo(250);
        assertThat(SpoolSettings.of(1000, WhenFull.REJECT_NEW).withSyncEveryAppend(false).syncEveryAppend()).isFalse();
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> SpoolSettings.of(20, WhenFull.DROP_OLDEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> SpoolSettings.of(1000, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpoolSettings.of(1000, WhenFull.DROP_OLDEST).withSegmentBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentBytes");
        assertThatThrownBy(() -> SpoolSettings.of(1000, WhenFull.DROP_OLDEST).withSegmentBytes(1001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dropsAddUpOverTheirWholeSeqRange() {
        assertThat(new Dropped(2, 5, 6).plus(new Dropped(3, 10, 12))).isEqualTo(new Dropped(5, 5, 12));
        assertThat(new Dropped(1, 10, 10).plus(new Dropped(2, 3, 4))).isEqualTo(new Dropped(3, 3, 10));
    }

    @Test
    void impossibleDropsAreRefused() {
        assertThatThrownBy(() -> new Dropped(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dropped(1, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dropped(3, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dropped(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateChangesReturnNewStatesAndLastSeqNeverGoesBack() {
        SpoolState s = new SpoolState(100, 7, Optional.empty());

        assertThat(s.withLastSeq(3).lastSeq()).isEqualTo(7);
        assertThat(s.withLastSeq(9).lastSeq()).isEqualTo(9);
        assertThat(s.withDropped(new Dropped(1, 2, 2)).withDropped(new Dropped(1, 4, 4)).dropped())
                .contains(new Dropped(2, 2, 4));
        assertThat(s.withDropped(new Dropped(1, 2, 2)).withoutDropped()).isEqualTo(s);
        assertThat(s.withCommitted(200)).isEqualTo(new SpoolState(200, 7, Optional.empty()));
        assertThat(s.committed()).isEqualTo(100);
        assertThatThrownBy(() -> new SpoolState(-1, 0, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStateFileRoundTripsAndReadsAsText() throws IOException {
        StateFile file = new StateFile(dir, true);
        assertThat(file.read()).isEqualTo(SpoolState.INITIAL);

        SpoolState state = new SpoolState(4096, 42, Optional.of(new Dropped(3, 10, 20)));
        file.write(state);

        assertThat(file.read()).isEqualTo(state);
        assertThat(file.damaged()).isFalse();
        assertThat(Files.readString(dir.resolve(StateFile.NAME)))
                .isEqualTo("format=1\ncommitted=4096\nlastSeq=42\ndropped=3 10 20\n");
        assertThat(dir.resolve(StateFile.NAME + ".tmp")).doesNotExist();
    }

    @Test
    void anUnreadableStateFileReadsAsInitialAndIsMarkedDamaged() throws IOException {
        Files.writeString(dir.resolve(StateFile.NAME), "committed=12\nlastSeq=x\n");
        StateFile file = new StateFile(dir, false);

        assertThat(file.read()).isEqualTo(SpoolState.INITIAL);
        assertThat(file.damaged()).isTrue();
    }

    /** A reserve cut short (a crash while it was written) is not trusted: it is made again, whole. */
    @Test
    void aReserveFileCutShortIsMadeAgainWhole() throws IOException {
        Files.write(dir.resolve(StateFile.RESERVE), new byte[10]);
        StateFile file = new StateFile(dir, false);

        assertThat(file.keepReserve()).as("not a reserve yet").isFalse();
        assertThat(file.keepReserve()).isTrue();
        assertThat(Files.size(dir.resolve(StateFile.RESERVE))).isEqualTo(StateFile.RESERVE_BYTES);
    }
}
