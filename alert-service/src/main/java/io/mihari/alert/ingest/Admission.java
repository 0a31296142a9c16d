package io.mihari.alert.ingest;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.InvalidEventException;
import io.mihari.model.event.Limits;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Decides, for one record of an event topic, whether Mihari believes it — before anything is stored or judged.
 * An event is believed only when it is an event of the published contract ({@link EventCodec}), speaks for the
 * target its Kafka key names, on its own city's topic ({@link Topics#events(String)}: Kafka's ACLs decide who may
 * write there) and in the partition that key maps to (so only the owner of that partition
 * judges the target), names a registered host under the catalog's own system, and is dated neither further ahead
 * than {@link #CLOCK_AHEAD_LIMIT} (or {@code mihari.ingest.max-future-skew} when that is more) nor before the oldest
 * day kept; one dated further ahead than {@code mihari.ingest.max-future-skew} is believed, but its sender's clock
 * is reported as running ahead ({@link Verdict#clockAhead()}). Every other record is dead-lettered
 * with its {@link DeadLetterReason}. Consequently no sender can create a daily index outside
 * [today − retention, today + 1].
 */
public final class Admission {

    /** The setting that bounds dates ahead, named in messages. */
    static final String MAX_FUTURE_SKEW = "mihari.ingest.max-future-skew";

    private final Duration maxFutureSkew;
    private final int retentionDays;

    /**
     * How far ahead of the receiving clock an agent's clock may be believed to run and its events still be stored: a
     * server's clock off by minutes or hours (a wrong time zone is 9 hours) still speaks for a live server. Further
     * ahead no clock is believed (years ahead is junk), and the daily indices stay within [today − retention,
     * today + 1].
     */
    static final Duration CLOCK_AHEAD_LIMIT = Duration.ofHours(12);

    /**
     * What was decided: an event to store (and judge), or the reason to dead-letter the record.
     *
     * @param clockAhead how far the event is dated ahead of its receipt when that is more than
     *                   {@code mihari.ingest.max-future-skew} (the sender's clock runs ahead: stored and counted, see
     *                   docs/intake.md); {@link Duration#ZERO} otherwise
     */
    public record Verdict(Event event, boolean registered, String serviceId, DeadLetterReason reason, String detail,
            Duration clockAhead) {
        static Verdict refuse(DeadLetterReason reason, String detail) {
            return new Verdict(null, false, null, reason, detail, Duration.ZERO);
        }

        public boolean accepted() {
            return reason == null;
        }
    }

    /**
     * @param maxFutureSkew how far ahead of the receiving clock an event may be dated (0 to 1 day)
     * @param retentionDays days of events kept before today's ({@code mihari.retention.event-days})
     */
    public Admission(Duration maxFutureSkew, int retentionDays) {
        if (maxFutureSkew.isNegative() || maxFutureSkew.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(MAX_FUTURE_SKEW + " must be between 0 and 1d, was " + maxFutureSkew);
        }
        this.maxFutureSkew = maxFutureSkew;
        this.retentionDays = retentionDays;
    }

    /**
     * @param partitions how many partitions the record's event topic has
     * @param receivedAt now, on alert-service's clock
     */
    public Verdict judge(ConsumerRecord<String, byte[]> record, int partitions, Instant receivedAt, Catalog catalog) {
        Event event;
        try {
            event = EventCodec.decode(record.value());
        } catch (InvalidEventException e) {
            return Verdict.refuse(DeadLetterReason.of(e.kind()), e.getMessage());
        }
        String targetId = event.targetId();
        if (record.key() == null || !record.key().equals(targetId)) {
            return Verdict.refuse(DeadLetterReason.KEY_MISMATCH, "the record's key "
                    + (record.key() == null ? "is missing" : Limits.quote(record.key()) + " is not")
                    + " the event's target '" + targetId + "' (tenant/host)");
        }
        if (!event.tenant().equals(Topics.tenantOf(record.topic()))) {
            return Verdict.refuse(DeadLetterReason.WRONG_TOPIC, "'" + targetId + "' is a target of tenant '"
                    + event.tenant() + "': its events belong on " + Topics.events(event.tenant()) + ", not "
                    + Limits.quote(record.topic()) + " (a city's agents speak only for that city)");
        }
        int expected = partitionOf(targetId, partitions);
        if (record.partition() != expected) {
            return Verdict.refuse(DeadLetterReason.WRONG_PARTITION, "'" + targetId + "' belongs in partition "
                    + expected + " of " + partitions + " (Kafka's default murmur2 partitioner), not "
                    + record.partition());
        }
        Duration aheadLimit = maxFutureSkew.compareTo(CLOCK_AHEAD_LIMIT) > 0 ? maxFutureSkew : CLOCK_AHEAD_LIMIT;
        if (event.occurredAt().isAfter(receivedAt.plus(aheadLimit))) {
            return Verdict.refuse(DeadLetterReason.FUTURE_DATED, "occurredAt " + event.occurredAt() + " is more than "
                    + aheadLimit + " after its receipt at " + receivedAt + " (no clock that far ahead is believed;"
                    + " is the agent's clock in sync?)");
        }
        Duration ahead = Duration.between(receivedAt, event.occurredAt());
        Duration clockAhead = ahead.compareTo(maxFutureSkew) > 0 ? ahead : Duration.ZERO;
        LocalDate oldestKept = day(receivedAt).minusDays(retentionDays);
        if (day(event.occurredAt()).isBefore(oldestKept)) {
            return Verdict.refuse(DeadLetterReason.TOO_OLD, "occurredAt " + event.occurredAt()
                    + " is before the oldest day kept, " + oldestKept + " (mihari.retention.event-days="
                    + retentionDays + ")");
        }
        Optional<Service> service = catalog.serviceOfTarget(targetId);
        if (service.isPresent() && !service.get().system().equals(event.system())) {
            return Verdict.refuse(DeadLetterReason.SYSTEM_MISMATCH, "'" + targetId + "' is registered under system '"
                    + service.get().system() + "' (" + service.get().id() + "), not '" + event.system() + "'");
        }
        // An unregistered host is stored as such under its own tenant and attached to no service: it never
        // appears in a city's or vendor's lists, and raises nothing.
        return new Verdict(event, service.isPresent(), service.map(Service::id).orElse(null), null, null, clockAhead);
    }

    /** The partition Kafka's default partitioner gives a key (murmur2 of its UTF-8 bytes). */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The UTC day the daily event indices are named by. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
