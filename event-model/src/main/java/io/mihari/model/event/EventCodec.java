package io.mihari.model.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON in and out for {@link Event}: the one contract of the event topic, which the published JSON Schema
 * ({@code mihari-event-v1.schema.json}) describes; a test decodes generated samples and validates them against
 * the schema at every bound, so the two never disagree. Decoding never throws anything but
 * {@link InvalidEventException}, whose message names the offending field (quoting at most a few dozen characters
 * of any value), so a consumer can dead-letter the record with a useful, bounded reason.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Strict reading: no key twice, nothing after the object, numbers exact (an integer is a number without fraction). */
    private static final ObjectReader READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The instants the schema's pattern admits: RFC 3339 with {@code Z} or an offset, at most nanoseconds. */
    static final Pattern INSTANT = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:"
            + "[0-5]\\d(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)");

    private EventCodec() {
    }

    public static byte[] encode(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", event.eventId());
        node.put("schemaVersion", event.schemaVersion());
        node.put("type", event.type().name());
        node.put("occurredAt", event.occurredAt().toString());
        node.put("tenant", event.tenant());
        node.put("system", event.system());
        node.put("host", event.host());
        node.put("agentId", event.agentId());
        node.put("seq", event.seq());
        node.set("payload", MAPPER.valueToTree(event.payload()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.eventId(), e);
        }
    }

    /**
     * Decodes one record of the event topic: exactly one JSON object in UTF-8 (no byte order mark, nothing after
     * it, no key twice), at most {@link Limits#EVENT_BYTES} bytes, whose fields are those of the published schema
     * ({@code mihari-event-v1.schema.json}) within its bounds.
     *
     * @throws InvalidEventException naming the field and the reason; its {@link InvalidEventException#kind()} is
     *         the dead letter's reason code
     */
    public static Event decode(byte[] json) throws InvalidEventException {
        JsonNode root = parse(json);
        JsonFields fields = new JsonFields(root, "", "the event");
        String typeName = fields.string("type");
        EventType type = EventType.parse(typeName).orElseThrow(
                () -> new InvalidEventException("unknown event type " + Limits.quote(typeName)));
        try {
            String eventId = fields.string("eventId");
            long schemaVersion = fields.integer("schemaVersion");
            if (schemaVersion != Event.SCHEMA_VERSION) {
                throw new InvalidEventException("schemaVersion " + schemaVersion + " is not supported (expected "
                        + Event.SCHEMA_VERSION + ")");
            }
            Instant occurredAt = instant(fields.string("occurredAt"));
            String tenant = fields.string("tenant");
            String system = fields.string("system");
            String host = fields.string("host");
            String agentId = fields.string("agentId");
            long seq = fields.integer("seq");
            Payload payload = payload(fields.object("payload", type.name()), type);
            fields.noOthers();
            return new Event(eventId, Event.SCHEMA_VERSION, type, occurredAt, tenant, system, host, agentId, seq,
                    payload);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
    }

    public static Event decode(String json) throws InvalidEventException {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly one JSON object in strict UTF-8, within the size bound. */
    private static JsonNode parse(byte[] json) throws InvalidEventException {
        if (json == null || json.length == 0) {
            throw new InvalidEventException(InvalidEventException.Kind.NOT_JSON, "empty record", null);
        }
        if (json.length > Limits.EVENT_BYTES) {
            throw new InvalidEventException(InvalidEventException.Kind.TOO_LARGE, "record of " + json.length
                    + " bytes is larger than " + Limits.EVENT_BYTES + " bytes", null);
        }
        if (json.length >= 3 && (json[0] & 0xff) == 0xEF && (json[1] & 0xff) == 0xBB && (json[2] & 0xff) == 0xBF) {
            throw notJson("starts with a byte order mark (send UTF-8 without one)", null);
        }
        boolean ascii = true;
        for (byte b : json) {
            if (b == 0) {
                throw notJson("contains NUL bytes (UTF-16 or UTF-32 is not accepted: send UTF-8)", null);
            }
            ascii &= b > 0;
        }
        if (ascii) {
            // ASCII is UTF-8 as it is: parsed from the bytes, without decoding them into a String first (what
            // agents send; the copy and the check were a tenth of ingest's CPU in bench/ingest.sh)
            return tree(json, null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw notJson("not UTF-8", e);
        }
        return tree(null, text);
    }

    /** The one JSON object of ASCII {@code bytes}, or else of {@code text}. */
    private static JsonNode tree(byte[] bytes, String text) throws InvalidEventException {
        JsonNode root;
        try {
            root = bytes != null ? READER.readTree(bytes) : READER.readTree(text);
        } catch (IOException e) {
            throw notJson(firstLine(e.getMessage()), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw notJson("not a JSON object", null);
        }
        return root;
    }

    private static InvalidEventException notJson(String why, Throwable cause) {
        return new InvalidEventException(InvalidEventException.Kind.NOT_JSON, "not JSON: " + why, cause);
    }

    private static Payload payload(JsonFields p, EventType type) throws InvalidEventException {
        Payload payload = switch (type) {
            case HEARTBEAT -> new Heartbeat(p.int32("intervalSeconds"), p.string("agentVersion"));
            case CHECK_RESULT -> new CheckResult(p.string("name"), p.enumValue("kind", CheckResult.Kind.class),
                    p.enumValue("status", CheckResult.Status.class), p.integer("latencyMs"),
                    p.optionalString("message"), p.optionalInt32("certificateDaysLeft"));
            case RESOURCE_SAMPLE -> resources(p);
            case BATCH_RUN -> new BatchRun(p.string("job"), p.string("runId"),
                    p.enumValue("state", BatchRun.State.class), p.optionalInt32("exitCode"),
                    p.optionalInteger("durationMs"), p.optionalString("outputTail"),
                    p.optionalInteger("processedCount"));
            case OPERATING_STATUS -> new OperatingStatus(p.string("application"),
                    p.enumValue("status", OperatingStatus.Status.class), p.optionalString("message"));
            case FILE_ARRIVAL -> new FileArrival(p.string("file"), p.string("path"), p.integer("sizeBytes"),
                    instant("payload.modifiedAt", p.string("modifiedAt")), p.optionalString("sha256"), p.optionalBoolean("checksumOk"),
                    p.optionalString("checksumNote"));
            case GAP -> new Gap(p.integer("droppedEvents"), p.integer("firstSeq"), p.integer("lastSeq"),
                    p.optionalString("reason"));
        };
        p.noOthers();
        return payload;
    }

    private static ResourceSample resources(JsonFields p) throws InvalidEventException {
        double cpu = p.number("cpuPercent");
        Double load1 = p.optionalNumber("load1");
        Double load5 = p.optionalNumber("load5");
        Double load15 = p.optionalNumber("load15");
        long memoryTotal = p.integer("memoryTotalBytes");
        long memoryUsed = p.integer("memoryUsedBytes");
        long swapTotal = p.integer("swapTotalBytes");
        long swapUsed = p.integer("swapUsedBytes");
        List<JsonFields> items = p.optionalObjects("disks", "a disk");
        if (items.size() > Limits.DISKS) {
            throw new InvalidEventException("payload.disks has more than " + Limits.DISKS + " entries");
        }
        List<ResourceSample.Disk> disks = new ArrayList<>(items.size());
        for (JsonFields d : items) {
            disks.add(new ResourceSample.Disk(d.string("mount"), d.integer("totalBytes"), d.integer("usedBytes")));
            d.noOthers();
        }
        return new ResourceSample(cpu, load1, load5, load15, memoryTotal, memoryUsed, swapTotal, swapUsed, disks,
                p.integer("uptimeSeconds"));
    }

    /** An RFC 3339 instant with a {@code Z} or an offset, as the schema's pattern says. */
    static Instant instant(String value) throws InvalidEventException {
        return instant("occurredAt", value);
    }

    /** {@link #instant(String)} of the named field, which the reason names. */
    static Instant instant(String field, String value) throws InvalidEventException {
        if (!INSTANT.matcher(value).matches()) {
            throw new InvalidEventException(field + " " + Limits.quote(value)
                    + " is not an ISO-8601 instant (e.g. 2026-11-25T01:02:03Z)");
        }
        try {
            return matchedInstant(value);
        } catch (DateTimeException e) {
            throw new InvalidEventException(field + " " + Limits.quote(value)
                    + " is not an ISO-8601 instant (e.g. 2026-11-25T01:02:03Z)");
        }
    }

    /**
     * The instant of a value that matches {@link #INSTANT}, as {@link Instant#parse} reads it (a test holds the two
     * equal, also in what they refuse: days a month does not have), read by position: {@code Instant.parse} was a
     * tenth of ingest's CPU in bench/ingest.sh.
     *
     * @throws DateTimeException for a day the month does not have, or an offset of more than 18 hours
     */
    static Instant matchedInstant(String v) {
        LocalDate date = LocalDate.of(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10));
        long seconds = date.toEpochDay() * 86_400L + digits(v, 11, 13) * 3_600L + digits(v, 14, 16) * 60L
                + digits(v, 17, 19);
        int at = 19;
        int nanos = 0;
        if (v.charAt(at) == '.') {
            int end = at + 1;
            while (end < v.length() && v.charAt(end) >= '0' && v.charAt(end) <= '9') {
                end++;
            }
            nanos = digits(v, at + 1, end);
            for (int scale = end - at - 1; scale < 9; scale++) {
                nanos *= 10;
            }
            at = end;
        }
        if (v.charAt(at) != 'Z') {
            int sign = v.charAt(at) == '+' ? 1 : -1;
            // checks the range as Instant.parse does: at most 18 hours either way
            seconds -= ZoneOffset.ofHoursMinutes(sign * digits(v, at + 1, at + 3), sign * digits(v, at + 4, at + 6))
                    .getTotalSeconds();
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The decimal number of the ASCII digits {@code v[from, to)}. */
    private static int digits(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (v.charAt(i) - '0');
        }
        return n;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
