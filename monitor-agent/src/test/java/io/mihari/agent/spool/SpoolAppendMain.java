package io.mihari.agent.spool;

import java.nio.file.Path;

/**
 * A second process for {@link SpoolConcurrencyTest}: opens the spool in {@code args[0]} with {@code args[2]}-byte
 * segments, prints {@code ready}, waits for a line on stdin, appends {@code args[1]} records {@code child-<i>@<seq>}
 * and prints {@code done}. With a negative count it appends until killed, printing each stored seq.
 */
public final class SpoolAppendMain {

    private SpoolAppendMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        SpoolSettings settings = SpoolSettings.of(64L << 20, Spool.WhenFull.DROP_OLDEST)
                .withSegmentBytes(Long.parseLong(args[2]));
        try (Spool spool = Spool.open(dir, settings)) {
            System.out.println("ready");
            System.out.flush();
            if (System.in.read() < 0) {
                throw new IllegalStateException("parent went away");
            }
            for (int i = 0; count < 0 || i < count; i++) {
                long seq = Records.append(spool, "child-" + i, 60);
                if (count < 0) {
                    System.out.println(seq);
                    System.out.flush();
                }
            }
        }
        System.out.println("done");
    }
}
