package io.mihari.model.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON in and out for {@link Event}. Decoding never throws anything but {@link InvalidEventException},
 * whose message names the offending field, so a consumer can dead-letter the record with a useful reason.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

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

    public static Event decode(byte[] json) throws InvalidEventException {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty record");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidEventException("not JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        String typeName = text(root, "type");
        EventType type = EventType.parse(typeName)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + typeName + "'"));
        Payload payload = payload(root, type);
        try {
            return new Event(
                    text(root, "eventId"),
                    smallInteger(root, "schemaVersion"),
                    type,
                    instant(root, "occurredAt"),
                    text(root, "tenant"),
                    text(root, "system"),
                    text(root, "host"),
                    text(root, "agentId"),
                    integer(root, "seq"),
                    payload);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
    }

    public static Event decode(String json) throws InvalidEventException {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static Payload payload(JsonNode root, EventType type) throws InvalidEventException {
        JsonNode node = root.get("payload");
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("payload is missing or not an object");
        }
        try {
            return MAPPER.treeToValue(node, type.payloadType());
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidEventException("payload." + e.getPropertyName() + " is not a field of " + type, e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new InvalidEventException(type + " payload is invalid: " + firstLine(iae.getMessage()), e);
            }
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce("payload", String::concat);
            throw new InvalidEventException(type + " payload is invalid: " + path + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type + " payload is invalid: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String text(JsonNode root, String field) throws InvalidEventException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidEventException(field + " is missing");
        }
        if (!node.isTextual()) {
            throw new InvalidEventException(field + " must be a string");
        }
        return node.asText();
    }

    private static long integer(JsonNode root, String field) throws InvalidEventException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidEventException(field + " is missing");
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw new InvalidEventException(field + " must be an integer");
        }
        return node.asLong();
    }

    private static int smallInteger(JsonNode root, String field) throws InvalidEventException {
        long value = integer(root, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidEventException(field + " is out of range");
        }
        return (int) value;
    }

    private static Instant instant(JsonNode root, String field) throws InvalidEventException {
        String value = text(root, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " '" + value + "' is not an ISO-8601 instant (e.g. 2026-11-25T01:02:03Z)");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
