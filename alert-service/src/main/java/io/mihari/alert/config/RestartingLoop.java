package io.mihari.alert.config;

import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a consumer loop until the service stops: when it fails it is started again after a pause that doubles up to a
 * maximum, so a Kafka or OpenSearch outage never ends the loop; a wakeup or an interrupt ends it.
 */
public final class RestartingLoop {

    /** The loop's body: returns when it is done (stopping), throws when it failed. */
    @FunctionalInterface
    public interface Body {
        void run() throws InterruptedException;
    }

    private RestartingLoop() {
    }

    public static void run(Logger log, String what, CountDownLatch stopped, Duration firstPause, Duration maxPause,
            Body body) {
        Duration pause = firstPause;
        while (stopped.getCount() > 0) {
            try {
                body.run();
                return;
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.errorf(e, "%s failed; restarting in %s", what, pause);
                try {
                    if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = doubled(pause, maxPause);
            }
        }
    }

    /** Twice the pause, at most {@code max}. */
    public static Duration doubled(Duration pause, Duration max) {
        Duration twice = pause.multipliedBy(2);
        return twice.compareTo(max) > 0 ? max : twice;
    }
}
