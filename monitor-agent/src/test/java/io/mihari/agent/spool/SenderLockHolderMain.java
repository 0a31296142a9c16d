package io.mihari.agent.spool;

import java.nio.file.Path;

/**
 * A second process for {@link SpoolSenderLockTest}: takes the sender lock of the spool in {@code args[0]}, prints
 * {@code held} (or {@code busy}), and keeps it until its stdin closes.
 */
public final class SenderLockHolderMain {

    private SenderLockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Spool spool = Spool.open(Path.of(args[0]), 1 << 20, Spool.WhenFull.DROP_OLDEST);
             var lock = spool.tryAcquireSender().orElse(null)) {
            System.out.println(lock == null ? "busy" : "held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
