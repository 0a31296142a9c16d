package io.mihari.agent.spool;

import io.mihari.agent.spool.Spool.SenderLock;
import io.mihari.agent.spool.Spool.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolSenderLockTest {

    @TempDir
    Path dir;

    Spool open() throws IOException {
        return Spool.open(dir, 1 << 20, WhenFull.DROP_OLDEST);
    }

    @Test
    void aSecondAcquireIsEmptyWhileTheFirstIsHeldAndSucceedsAfterItIsClosed() throws IOException {
        try (Spool spool = open()) {
            Optional<SenderLock> first = spool.tryAcquireSender();
            assertThat(first).isPresent();
            assertThat(spool.tryAcquireSender()).isEmpty();

            first.get().close();

            Optional<SenderLock> again = spool.tryAcquireSender();
            assertThat(again).isPresent();
            again.get().close();
        }
    }

    @Test
    void anotherSpoolInstanceOfThisJvmCannotTakeItEither() throws IOException {
        try (Spool one = open(); Spool other = open(); SenderLock held = one.tryAcquireSender().orElseThrow()) {
            assertThat(other.tryAcquireSender()).isEmpty();
        }
    }

    @Test
    void closingTwiceIsHarmlessAndDoesNotReleaseANewHolder() throws IOException {
        try (Spool spool = open()) {
            SenderLock first = spool.tryAcquireSender().orElseThrow();
            first.close();
            try (SenderLock second = spool.tryAcquireSender().orElseThrow()) {
                first.close();

                assertThat(spool.tryAcquireSender()).isEmpty();
            }
        }
    }

    @Test
    void anotherProcessHoldingItKeepsThisOneOutUntilItEnds() throws IOException {
        try (Spool spool = open(); ChildJvm child = new ChildJvm(SenderLockHolderMain.class, dir.toString())) {
            assertThat(child.readLine()).isEqualTo("held");
            assertThat(spool.tryAcquireSender()).isEmpty();

            assertThat(child.finish()).isZero();

            Optional<SenderLock> lock = spool.tryAcquireSender();
            assertThat(lock).isPresent();
            lock.get().close();
        }
    }

    @Test
    void whileThisProcessHoldsItAnotherProcessIsKeptOutEvenAfterOtherSpoolsHereClose() throws IOException {
        try (Spool spool = open(); SenderLock held = spool.tryAcquireSender().orElseThrow()) {
            try (Spool other = open()) {
                assertThat(other.tryAcquireSender()).isEmpty();
            } // on Linux, closing any channel on the lock file would release this process's lock

            try (ChildJvm child = new ChildJvm(SenderLockHolderMain.class, dir.toString())) {
                assertThat(child.readLine()).isEqualTo("busy");
                assertThat(child.finish()).isZero();
            }
        }
    }
}
