package io.mihari.agent.ship;

import io.mihari.agent.config.AgentConfig;
import io.mihari.agent.config.Identity;
import io.mihari.agent.spool.Spool;
import io.mihari.agent.spool.SpoolEncryption;
import io.mihari.agent.spool.SpoolKeyFile;
import io.mihari.agent.spool.SpoolSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * What every agent command shares, built on first use: the identity, the spool, the event sink and a
 * shipper. Commands that only print (e.g. {@code check}) never open the spool or Kafka.
 */
@ApplicationScoped
public class AgentRuntime {

    private final AgentConfig config;
    private final String bootstrapServers;
    private final Clock clock;
    private Identity identity;
    private Spool spool;
    private SpoolEncryption encryption;
    private Shipper shipper;
    private EventSink sink;

    AgentRuntime(AgentConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            Clock clock) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
    }

    /** Outside CDI: the daemon without the Quarkus runtime ({@code io.mihari.agent.lean.LeanAgent}). */
    public static AgentRuntime of(AgentConfig config, String bootstrapServers, Clock clock) {
        return new AgentRuntime(config, bootstrapServers, clock);
    }

    public synchronized Identity identity() {
        if (identity == null) {
            identity = Identity.of(config.tenant(), config.system(), config.host(), config.agentId());
        }
        return identity;
    }

    public synchronized Spool spool() {
        if (spool == null) {
            Spool.WhenFull policy;
            try {
                policy = Spool.WhenFull.valueOf(config.spool().whenFull().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid configuration: mihari.agent.spool.when-full: '"
                        + config.spool().whenFull() + "' is not DROP_OLDEST or REJECT_NEW", e);
            }
            SpoolSettings settings = SpoolSettings.of(config.spool().maxBytes(), policy).withEncryption(encryption());
            try {
                spool = Spool.open(config.spool().dir(), settings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the spool at " + config.spool().dir()
                        + " (mihari.agent.spool.dir)", e);
            }
        }
        return spool;
    }

    /**
     * How the spool encrypts ({@code mihari.agent.spool.encryption.*}), the key file read on first use.
     *
     * @throws IllegalArgumentException naming the setting when the key file is missing, open to others,
     *                                  malformed or holds a key of the wrong length
     */
    public synchronized SpoolEncryption encryption() {
        if (encryption == null) {
            AgentConfig.Encryption settings = config.spool().encryption();
            if (settings.keyFile().isEmpty()) {
                if (!settings.deliverUnencrypted()) {
                    throw new IllegalArgumentException("invalid configuration: mihari.agent.spool.encryption."
                            + "deliver-unencrypted=false needs " + SpoolKeyFile.SETTING + ": without a key every"
                            + " event is spooled unencrypted");
                }
                encryption = SpoolEncryption.OFF;
            } else {
                try {
                    encryption = SpoolEncryption.with(SpoolKeyFile.load(settings.keyFile().get()))
                            .deliveringUnencrypted(settings.deliverUnencrypted());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
                }
            }
        }
        return encryption;
    }

    public synchronized Shipper shipper() {
        if (shipper == null) {
            boolean forOthers = config.checks().stream().anyMatch(c -> c.target().isPresent());
            shipper = new Shipper(spool(), identity().targetId(), bootstrapServers, config.kafka(), forOthers);
        }
        return shipper;
    }

    /** What is hidden before events leave the server ({@code mihari.agent.masking.patterns}). */
    public Masking masking() {
        return Masking.of(config.masking().patterns(), "mihari.agent.masking.patterns");
    }

    /** The sink; {@code onAppend} is told after every event (the daemon wakes its shipping loop). */
    public synchronized EventSink sink(Runnable onAppend) {
        if (sink == null) {
            sink = new EventSink(identity(), clock, spool(), onAppend, masking());
        }
        return sink;
    }

    /** For short-lived commands: spool one event, try to deliver it, and say what happened. */
    public String emitAndDeliver(io.mihari.model.event.Payload payload) {
        sink(() -> { }).emit(payload);
        return deliverNow(config.exec().deliveryTimeout());
    }

    /**
     * For short-lived commands: deliver what is spooled now, unless the daemon (or another process)
     * is already doing so. Returns a line for the operator.
     */
    public String deliverNow(Duration budget) {
        try {
            var lock = spool().tryAcquireSender();
            if (lock.isEmpty()) {
                return "events spooled; the running agent delivers them";
            }
            try (var held = lock.get()) {
                Shipper.Drained drained = shipper().drain(budget);
                DeliveryState.open(config.spool().dir(), clock).record(drained.error(), spool().backlog());
                return drained.complete() ? "events delivered to Kafka"
                        : "not delivered (" + (drained.error() != null ? drained.error() : "not all within " + budget)
                                + "); " + spool().pendingRecords()
                                + " events stay spooled and go out with the next delivery";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AgentConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Closes the shipper and the spool (by the container, or by the daemon without one). */
    @PreDestroy
    public synchronized void close() throws IOException {
        if (shipper != null) {
            shipper.close();
        }
        if (spool != null) {
            spool.close();
        }
    }
}
