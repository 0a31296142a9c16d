package io.mihari.agent.ship;

import io.mihari.agent.spool.Spool;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's sending thread: holds the spool's sender lock and drains the spool whenever events
 * arrive (or at least every {@code idle}); when Kafka fails it waits with doubling backoff up to
 * {@code maxBackoff} and tries again. Logs an outage once and its end once.
 */
public final class ShippingLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShippingLoop.class);

    private final Spool spool;
    private final Shipper shipper;
    private final Duration idle;
    private final Duration maxBackoff;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean outage;
    /** Where the operator can see how delivery goes (null: nowhere). */
    private final DeliveryState state;

    public ShippingLoop(Spool spool, Shipper shipper, Duration idle, Duration maxBackoff) {
        this(spool, shipper, idle, maxBackoff, null);
    }

    public ShippingLoop(Spool spool, Shipper shipper, Duration idle, Duration maxBackoff, DeliveryState state) {
        this.state = state;
        this.spool = spool;
        this.shipper = shipper;
        this.idle = idle;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::run, "mihari-shipper");
        this.thread.setDaemon(true);
    }

    public ShippingLoop start() {
        thread.start();
        return this;
    }

    /** Something was appended: send soon. */
    public void wake() {
        wake.release();
    }

    public boolean inOutage() {
        return outage;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (Spool.SenderLock lock = acquire()) {
                while (running) {
                    Shipper.Drained drained = shipper.drain(Duration.ofSeconds(30));
                    if (state != null) {
                        state.record(drained.error(), spool.backlog());
                    }
                    if (drained.error() != null) {
                        if (!outage) {
                            LOG.warnf("Kafka unreachable (%s); events stay in the spool (%d pending)", drained.error(),
                                    spool.pendingRecords());
                            outage = true;
                        }
                        hold(backoff);
                        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                        continue;
                    }
                    if (outage) {
                        LOG.infof("Kafka reachable again; spool delivered");
                        outage = false;
                    }
                    backoff = Duration.ofMillis(500);
                    if (drained.complete()) {
                        pause(idle);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.errorf("shipping failed (%s); retrying in %s", e, backoff);
                hold(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Waits for the sender lock: another agent process may be delivering this spool right now. */
    private Spool.SenderLock acquire() throws IOException {
        while (running) {
            Optional<Spool.SenderLock> lock = spool.tryAcquireSender();
            if (lock.isPresent()) {
                return lock.get();
            }
            pause(idle);
        }
        throw new IOException("stopped");
    }

    /** Waits the whole backoff: new events must not shorten it (they would hammer an unreachable Kafka). */
    private void hold(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < end) {
            pause(Duration.ofNanos(end - System.nanoTime()));
        }
    }

    private void pause(Duration duration) {
        try {
            wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wake.release();
        thread.join(TimeUnit.SECONDS.toMillis(35));
    }
}
