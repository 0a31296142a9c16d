package io.mihari.e2e;

import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Records of the event topic that alert-service must not believe, as a hostile or broken sender makes them (the
 * kinds of alert-service's {@code HostileIntakeTest}): each is about a <em>registered</em> target and says that a
 * check of it fails, so a record that were believed would make the target DOWN and open an incident. Every kind
 * ends as a dead letter with a known reason code ({@code mihari.dlq.code}); the kinds stored on purpose (another
 * city's host name, a duplicate) are left out, so every record made here is one dead letter.
 *
 * <p>Not thread-safe: one sender thread per instance.
 */
final class BenchJunk {

    /** What a junk record is, and the dead letter's reason code it must end with. */
    enum Kind {
        GARBAGE("NOT_JSON"), TRUNCATED("NOT_JSON"), TOMBSTONE("NOT_JSON"), HUGE("TOO_LARGE"),
        UNKNOWN_TYPE("INVALID_EVENT"), WRONG_KEY("KEY_MISMATCH"), WRONG_PARTITION("WRONG_PARTITION"),
        FUTURE("FUTURE_DATED"), PAST("TOO_OLD"), OTHER_SYSTEM("SYSTEM_MISMATCH");

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /** The kinds sent all the time; {@link Kind#HUGE} only where the caller asks for it (900 KB each). */
    private static final List<Kind> SMALL = Arrays.stream(Kind.values()).filter(k -> k != Kind.HUGE).toList();
    /** The size of a HUGE record: over the contract's 64 KiB, under Kafka's default 1 MB record limit. */
    static final int HUGE_BYTES = 900_000;

    private final List<String> targetIds;
    private final int partitions;
    private final Clock clock;
    private final Random random;
    private long seq;
    private long made;

    /**
     * @param targetIds registered targets ({@code tenant/host} as {@link BenchCatalog} names them) the junk speaks
     *        for
     * @param partitions partitions of the event topic (at least 2, for records in the wrong one)
     */
    BenchJunk(List<String> targetIds, int partitions, Clock clock, long seed) {
        if (partitions < 2) {
            throw new IllegalArgumentException("records in the wrong partition need 2 partitions or more");
        }
        if (targetIds.size() < 2) {
            throw new IllegalArgumentException("records under another target's key need 2 targets or more");
        }
        this.targetIds = List.copyOf(targetIds);
        this.partitions = partitions;
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** The next small kind, in turn: every kind equally often, steadily interleaved. */
    Kind nextSmall() {
        return SMALL.get((int) (made++ % SMALL.size()));
    }

    /** A record of this kind about a registered target picked at random. */
    ProducerRecord<String, byte[]> record(Kind kind) {
        int index = random.nextInt(targetIds.size());
        String targetId = targetIds.get(index);
        String host = targetId.substring(targetId.indexOf('/') + 1);
        String tenant = targetId.substring(0, targetId.indexOf('/'));
        String system = host.substring(0, host.lastIndexOf("-h"));
        Instant now = clock.instant();
        byte[] failing = EventCodec.encode(failing(tenant, system, host, now));
        return switch (kind) {
            case GARBAGE -> {
                byte[] noise = new byte[1 + random.nextInt(2000)];
                random.nextBytes(noise);
                noise[0] = (byte) 0xFF; // never UTF-8: random bytes that happened to be a JSON object would be valid JSON
                yield new ProducerRecord<>(Topics.eventsOf(targetId), targetId, noise);
            }
            case TRUNCATED -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId,
                    Arrays.copyOf(failing, 1 + random.nextInt(failing.length - 2)));
            case TOMBSTONE -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId, null);
            case HUGE -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId, new String(failing, StandardCharsets.UTF_8)
                    .replace("HTTP 503", "x".repeat(HUGE_BYTES)).getBytes(StandardCharsets.UTF_8));
            case UNKNOWN_TYPE -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId, new String(failing,
                    StandardCharsets.UTF_8).replace("CHECK_RESULT", "TELEPATHY").getBytes(StandardCharsets.UTF_8));
            case WRONG_KEY -> new ProducerRecord<>(Topics.eventsOf(targetId),
                    targetIds.get((index + 1 + random.nextInt(targetIds.size() - 1)) % targetIds.size()), failing);
            case WRONG_PARTITION -> new ProducerRecord<>(Topics.eventsOf(targetId),
                    (partitionOf(targetId, partitions) + 1 + random.nextInt(partitions - 1)) % partitions, targetId,
                    failing);
            case FUTURE -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId, EventCodec.encode(failing(tenant, system,
                    host, now.plus(Duration.ofDays(1 + random.nextInt(3650))))));
            case PAST -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId, EventCodec.encode(failing(tenant, system, host,
                    Instant.parse("1901-01-01T00:00:00Z").plus(Duration.ofDays(random.nextInt(3650))))));
            case OTHER_SYSTEM -> new ProducerRecord<>(Topics.eventsOf(targetId), targetId, EventCodec.encode(failing(tenant,
                    "intruder", host, now)));
        };
    }

    /** The partition Kafka's default partitioner gives a key (murmur2 of its UTF-8 bytes), as alert-service expects. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Event failing(String tenant, String system, String host, Instant at) {
        return BenchEvents.event(tenant, system, host, ++seq, new CheckResult("portal", CheckResult.Kind.HTTP,
                CheckResult.Status.DOWN, 5, "HTTP 503", null), at);
    }
}
