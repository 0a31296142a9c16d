package io.mihari.agent.cli;

import io.mihari.agent.config.Identity;
import io.mihari.agent.ship.EventSink;
import io.mihari.agent.ship.Shipper;
import io.mihari.agent.spool.Spool;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent bench}: how fast the agent can take and ship events. In one run: (1) baseline,
 * a bare idempotent producer sending N heartbeat-sized records; then for each spool mode (fsync every append, as the
 * agent does, and — with {@code --sync=both}, the default — without fsync): (2) N events appended to a fresh spool
 * while nothing ships (an outage); (3) the spool replayed to Kafka. Prints events/s and the ratios to the baseline
 * of this same run. Used by bench/agent.sh; not for production.
 */
@Command(name = "bench", hidden = true, description = "Measure spool append, replay and bare-producer rates.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "20000", description = "Events per phase.")
    int events;

    @Option(names = "--sync", defaultValue = "both",
            description = "true: fsync every append (as the agent does); false: no fsync; both: one pass of each.")
    String sync;

    private final String bootstrapServers;

    BenchCommand(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public Integer call() throws Exception {
        List<Boolean> passes = switch (sync) {
            case "true" -> List.of(true);
            case "false" -> List.of(false);
            case "both" -> List.of(true, false);
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--sync must be true, false or both, was '" + sync + "'");
        };
        Identity identity = Identity.of("bench", "bench", Optional.of("bench-host"),
                Optional.of("bench-" + UUID.randomUUID().toString().substring(0, 8)));
        Heartbeat heartbeat = new Heartbeat(10, RunCommand.VERSION);
        byte[] sample = EventCodec.encode(new Event(UUID.randomUUID().toString(), 1, EventType.HEARTBEAT,
                Clock.systemUTC().instant(), identity.tenant(), identity.system(), identity.host(), identity.agentId(),
                1, heartbeat));

        double baseline = bareProducer(identity.targetId(), sample);
        System.out.printf("events per phase     : %d (%d bytes each)%n", events, sample.length);
        System.out.printf("baseline (producer)  : %,.0f events/s%n", baseline);
        for (boolean fsync : passes) {
            double[] rates = spoolPass(identity, heartbeat, fsync);
            System.out.printf("spool append (fsync=%s): %,.0f events/s  (%.2f x baseline)%n", fsync, rates[0],
                    rates[0] / baseline);
            System.out.printf("spool replay to Kafka (fsync=%s): %,.0f events/s  (%.2f x baseline)%n", fsync,
                    rates[1], rates[1] / baseline);
        }
        return 0;
    }

    /** N events appended to a fresh spool while nothing ships, then replayed: {append, replay} events/s. */
    private double[] spoolPass(Identity identity, Heartbeat heartbeat, boolean fsync) throws Exception {
        Path dir = Files.createTempDirectory("mihari-bench-spool");
        try (Spool spool = Spool.open(dir, 1L << 30, Spool.WhenFull.REJECT_NEW, fsync)) {
            EventSink sink = new EventSink(identity, Clock.systemUTC(), spool, () -> { });
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                sink.emit(heartbeat);
            }
            double append = rate(events, start);
            try (Shipper shipper = new Shipper(spool, identity.targetId(), bootstrapServers, Map.of())) {
                start = System.nanoTime();
                Shipper.Drained drained = shipper.drain(Duration.ofMinutes(10));
                if (!drained.complete()) {
                    throw new IllegalStateException("replay did not finish: " + drained.error());
                }
                return new double[] {append, rate(events, start)};
            }
        }
    }

    private double bareProducer(String key, byte[] record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("mihari.bench.warmup", key, record)).get();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(Topics.eventsOf(key), key, record));
            }
            producer.flush();
            return rate(events, start);
        }
    }

    private static double rate(int n, long startNanos) {
        return n / ((System.nanoTime() - startNanos) / 1e9);
    }
}
