package io.mihari.model.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One contract for events: the published JSON Schema and the decoder agree. Samples are generated from the schema
 * itself — for every type, every field absent / null / present, every bound and one step past it, wrong JSON
 * types, fractions, enum values, unknown fields, the batch-run state rules — and each sample must be accepted by
 * both or refused by both. A vendor who validates against the schema is never surprised by a dead letter, and the
 * decoder never stores what the schema forbids.
 */
class EventContractTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final ObjectMapper PLAIN = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    static JsonNode schemaJson;
    static Schema schema;

    static final String GAP_ORDER = "payload.firstSeq must not be after payload.lastSeq";

    /** A generated sample: what it varies, and the whole event. */
    record Sample(String name, JsonNode event) {
    }

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = Event.class.getResourceAsStream("mihari-event-v1.schema.json")) {
            schemaJson = JSON.readTree(in);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaAndDecoderAgreeOnEverySampleOfTheType(EventType type) throws Exception {
        List<Sample> samples = samples(type);
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (Sample s : samples) {
            byte[] bytes = JSON.writeValueAsBytes(s.event());
            if (bytes.length > Limits.EVENT_BYTES) {
                continue; // the byte bound, like UTF-8 without BOM, is the description's (its own test below)
            }
            // the schema side reads the bytes as a vendor's tool would (Jackson's defaults)
            boolean bySchema = schema.validate(PLAIN.readTree(bytes)).isEmpty();
            String decoder;
            try {
                EventCodec.decode(bytes);
                decoder = null;
            } catch (InvalidEventException e) {
                decoder = e.getMessage();
            }
            if (decoder != null && decoder.contains(GAP_ORDER)) {
                continue; // the one rule the schema cannot say (its own test below)
            }
            if (bySchema != (decoder == null)) {
                disagreements.add(s.name() + ": schema " + (bySchema ? "accepts" : "refuses " + schema.validate(
                        JSON.readTree(bytes))) + ", decoder " + (decoder == null ? "accepts" : "refuses: " + decoder));
            }
            accepted += bySchema ? 1 : 0;
        }
        assertThat(disagreements).as("samples where schema and decoder disagree").isEmpty();
        assertThat(samples).hasSizeGreaterThan(40);
        assertThat(accepted).as("both accept some and refuse some").isBetween(10, samples.size() - 10);
    }

    @Test
    void theOnlyRuleTheSchemaCannotSayIsTheGapOrder() throws Exception {
        ObjectNode event = full(EventType.GAP);
        ((ObjectNode) event.get("payload")).put("firstSeq", 10).put("lastSeq", 9);

        assertThat(schema.validate(event)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(event)))
                .hasMessageContaining("payload.firstSeq must not be after payload.lastSeq");
        assertThat(schemaJson.path("description").asText()).contains("firstSeq is not after its lastSeq");
    }

    @Test
    void theByteBoundIsStatedByTheSchemaAndKeptByTheDecoder() throws Exception {
        ObjectNode event = full(EventType.BATCH_RUN);
        ((ObjectNode) event.get("payload")).put("outputTail", "😀".repeat(8192));
        byte[] bytes = JSON.writeValueAsBytes(event);

        assertThat(bytes.length).isGreaterThan(Limits.EVENT_BYTES);
        assertThat(schema.validate(PLAIN.readTree(bytes))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.decode(bytes))
                .hasMessageContaining("is larger than 65536 bytes");
        assertThat(schemaJson.path("description").asText()).contains("at most 65536 bytes");
    }

    @Test
    void everyStringOfTheSchemaHasAMaximum() {
        List<String> unbounded = new ArrayList<>();
        walk(schemaJson, "", (path, node) -> {
            boolean string = node.path("type").asText().equals("string")
                    || node.path("type").isArray() && node.path("type").toString().contains("\"string\"");
            if (string && !node.has("maxLength") && !node.has("pattern")) {
                unbounded.add(path);
            }
        });
        assertThat(unbounded).isEmpty();
    }

    // ---- generation ----

    List<Sample> samples(EventType type) {
        List<Sample> samples = new ArrayList<>();
        ObjectNode base = full(type);
        samples.add(new Sample("full " + type, base));
        samples.add(new Sample("minimal " + type, minimal(type)));
        JsonNode envelope = schemaJson.path("properties");
        JsonNode payload = payloadSchema(type);
        Iterator<Map.Entry<String, JsonNode>> fields = envelope.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getKey().equals("payload")) {
                variants(samples, base, List.of(), f.getKey(), f.getValue(), required(schemaJson, f.getKey()));
            }
        }
        fields = payload.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            variants(samples, base, List.of("payload"), f.getKey(), f.getValue(), required(payload, f.getKey()));
        }
        samples.add(new Sample("unknown envelope field", with(base, List.of(), "colour", NODES.textNode("red"))));
        samples.add(new Sample("unknown payload field", with(base, List.of("payload"), "colour", NODES.textNode("red"))));
        samples.add(new Sample("type of another payload", with(base, List.of(), "type",
                NODES.textNode(type == EventType.GAP ? "HEARTBEAT" : "GAP"))));
        samples.add(new Sample("payload not an object", with(base, List.of(), "payload", NODES.arrayNode())));
        if (type == EventType.RESOURCE_SAMPLE) {
            diskSamples(samples, base, payload.path("properties").path("disks"));
        }
        if (type == EventType.BATCH_RUN) {
            batchRules(samples, base);
        }
        return samples;
    }

    /** Absent, null, each bound and one past it, wrong JSON types — for one field. */
    void variants(List<Sample> samples, ObjectNode base, List<String> path, String field, JsonNode rule,
            boolean required) {
        String name = String.join(".", path) + (path.isEmpty() ? "" : ".") + field;
        samples.add(new Sample(name + " absent", without(base, path, field)));
        samples.add(new Sample(name + " null", with(base, path, field, NODES.nullNode())));
        for (JsonNode v : values(rule)) {
            samples.add(new Sample(name + " = " + abbreviated(v), with(base, path, field, v)));
        }
        assertThat(required || rule.path("type").toString().contains("null") || rule.has("enum") || rule.has("const"))
                .as(name + ": an optional field allows null").isTrue();
    }

    /** Values at and past every bound the rule declares, and of the wrong JSON type. */
    static List<JsonNode> values(JsonNode rule) {
        List<JsonNode> values = new ArrayList<>();
        String type = rule.path("type").isArray() ? rule.path("type").get(0).asText() : rule.path("type").asText();
        if (rule.has("enum")) {
            rule.path("enum").forEach(values::add);
            values.add(NODES.textNode("SMTP"));
            values.add(NODES.textNode(rule.path("enum").get(0).asText().toLowerCase()));
            values.add(NODES.numberNode(1));
        } else if (rule.has("const")) {
            values.add(rule.path("const"));
            values.add(NODES.numberNode(new BigDecimal("1.0")));
            values.add(NODES.numberNode(2));
            values.add(NODES.textNode("1"));
        } else if (type.equals("string") && rule.has("pattern")) {
            String pattern = rule.path("pattern").asText();
            if (pattern.contains("A-Za-z0-9")) {
                values.add(NODES.textNode("a".repeat(63)));
                values.add(NODES.textNode("a".repeat(64)));
                values.add(NODES.textNode("-a"));
                values.add(NODES.textNode("a b"));
                values.add(NODES.textNode("東京"));
                values.add(NODES.textNode(""));
            } else { // the instant
                for (String s : List.of("2026-11-25T01:02:03Z", "2026-11-25T01:02:03.123Z",
                        "2026-11-25T01:02:03.123456789Z", "2026-11-25T10:02:03+09:00", "2026-11-25T01:02:03",
                        "2026-11-25 01:02:03Z", "2026-11-25t01:02:03z", "2026-13-25T01:02:03Z",
                        "2026-11-25T24:00:00Z", "2026-11-25T01:02:03.1234567891Z", "26-11-25T01:02:03Z",
                        "yesterday", "")) {
                    values.add(NODES.textNode(s));
                }
            }
            values.add(NODES.numberNode(1));
        } else if (type.equals("string")) {
            int max = rule.path("maxLength").asInt();
            int min = rule.path("minLength").asInt(0);
            values.add(NODES.textNode("あ".repeat(max)));
            values.add(NODES.textNode("あ".repeat(max + 1)));
            values.add(NODES.textNode("😀".repeat(max))); // code points, not UTF-16 units
            values.add(NODES.textNode("x".repeat(Math.max(0, min - 1))));
            values.add(NODES.textNode("x".repeat(Math.max(1, min))));
            values.add(NODES.numberNode(1));
            values.add(NODES.booleanNode(true));
        } else if (type.equals("integer")) {
            BigInteger min = rule.path("minimum").bigIntegerValue();
            BigInteger max = rule.path("maximum").bigIntegerValue();
            values.add(NODES.numberNode(min));
            values.add(NODES.numberNode(max));
            values.add(NODES.numberNode(min.subtract(BigInteger.ONE)));
            values.add(NODES.numberNode(max.add(BigInteger.ONE)));
            values.add(NODES.numberNode(new BigDecimal(min.add(BigInteger.ONE) + ".0")));
            values.add(NODES.numberNode(new BigDecimal(min + ".5")));
            values.add(NODES.numberNode(new BigDecimal("1e2")));
            values.add(NODES.numberNode(new BigDecimal("1e30")));
            values.add(NODES.textNode(min.toString()));
        } else if (type.equals("number")) {
            BigDecimal min = rule.path("minimum").decimalValue();
            BigDecimal max = rule.path("maximum").decimalValue();
            values.add(NODES.numberNode(min));
            values.add(NODES.numberNode(max));
            values.add(NODES.numberNode(min.subtract(new BigDecimal("0.001"))));
            values.add(NODES.numberNode(max.add(new BigDecimal("0.001"))));
            values.add(NODES.numberNode(new BigDecimal("0.25")));
            values.add(NODES.numberNode(new BigDecimal("1e400")));
            values.add(NODES.textNode("1"));
        } else if (type.equals("array") || type.equals("object")) {
            values.add(NODES.textNode("x"));
        }
        return values;
    }

    void diskSamples(List<Sample> samples, ObjectNode base, JsonNode rule) {
        int max = rule.path("maxItems").asInt();
        for (int n : List.of(0, 1, max, max + 1)) {
            ArrayNode disks = NODES.arrayNode();
            for (int i = 0; i < n; i++) {
                disks.add(disk("/d" + i));
            }
            samples.add(new Sample(n + " disks", with(base, List.of("payload"), "disks", disks)));
        }
        JsonNode item = rule.path("items").path("properties");
        item.fields().forEachRemaining(f -> {
            ObjectNode one = disk("/");
            ObjectNode withoutIt = one.deepCopy();
            withoutIt.remove(f.getKey());
            samples.add(new Sample("disk " + f.getKey() + " absent", with(base, List.of("payload"), "disks",
                    NODES.arrayNode().add(withoutIt))));
            for (JsonNode v : values(f.getValue())) {
                ObjectNode changed = one.deepCopy();
                changed.set(f.getKey(), v);
                samples.add(new Sample("disk " + f.getKey() + " = " + abbreviated(v), with(base, List.of("payload"),
                        "disks", NODES.arrayNode().add(changed))));
            }
        });
        ObjectNode extra = disk("/");
        extra.put("colour", "red");
        samples.add(new Sample("unknown disk field", with(base, List.of("payload"), "disks", NODES.arrayNode().add(extra))));
        samples.add(new Sample("disk not an object", with(base, List.of("payload"), "disks",
                NODES.arrayNode().add("/"))));
    }

    /** Every state with exit code absent/0/1 and duration absent/present. */
    void batchRules(List<Sample> samples, ObjectNode base) {
        for (String state : List.of("STARTED", "SUCCEEDED", "FAILED", "TIMED_OUT")) {
            for (Integer exit : new Integer[] {null, 0, 1}) {
                for (Long duration : new Long[] {null, 5L}) {
                    ObjectNode event = base.deepCopy();
                    ObjectNode p = (ObjectNode) event.get("payload");
                    p.put("state", state);
                    p.remove(List.of("exitCode", "durationMs"));
                    if (exit != null) {
                        p.put("exitCode", exit);
                    }
                    if (duration != null) {
                        p.put("durationMs", duration);
                    }
                    samples.add(new Sample(state + " exit " + exit + " duration " + duration, event));
                }
            }
            // a processed count is known only when a run ended
            for (Long count : new Long[] {0L, 42L}) {
                ObjectNode event = base.deepCopy();
                ObjectNode p = (ObjectNode) event.get("payload");
                p.put("state", state).put("processedCount", count);
                p.remove(List.of("exitCode", "durationMs"));
                if (!state.equals("STARTED")) {
                    p.put("durationMs", 5L);
                }
                if (state.equals("SUCCEEDED")) {
                    p.put("exitCode", 0);
                }
                samples.add(new Sample(state + " processedCount " + count, event));
            }
        }
    }

    static ObjectNode disk(String mount) {
        return NODES.objectNode().put("mount", mount).put("totalBytes", 100).put("usedBytes", 50);
    }

    /** A valid event of the type with every optional field present. */
    static ObjectNode full(EventType type) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventCodec.encode(Samples.event(type)));
            ObjectNode p = (ObjectNode) event.get("payload");
            switch (type) {
                case CHECK_RESULT -> p.put("certificateDaysLeft", 87).put("message", "HTTP 503");
                case RESOURCE_SAMPLE -> p.put("load5", 0.5);
                case BATCH_RUN -> p.put("outputTail", "export aborted").put("processedCount", 120);
                case FILE_ARRIVAL -> p.put("checksumNote", "sidecar IDO_20270113.csv.sha256 matched");
                default -> {
                }
            }
            return event;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same event with every optional payload field removed. */
    static ObjectNode minimal(EventType type) {
        ObjectNode event = full(type);
        JsonNode rule = payloadSchema(type);
        ObjectNode p = (ObjectNode) event.get("payload");
        List<String> names = new ArrayList<>();
        p.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            if (!required(rule, n) && !(type == EventType.BATCH_RUN && n.equals("durationMs"))) {
                p.remove(n);
            }
        }
        return event;
    }

    static JsonNode payloadSchema(EventType type) {
        for (JsonNode rule : schemaJson.path("allOf")) {
            if (rule.path("if").path("properties").path("type").path("const").asText().equals(type.name())) {
                return rule.path("then").path("properties").path("payload");
            }
        }
        throw new IllegalStateException("no payload rule for " + type);
    }

    static boolean required(JsonNode rule, String field) {
        for (JsonNode r : rule.path("required")) {
            if (r.asText().equals(field)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode with(ObjectNode base, List<String> path, String field, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        ObjectNode at = copy;
        for (String p : path) {
            at = (ObjectNode) at.get(p);
        }
        at.set(field, value);
        return copy;
    }

    static ObjectNode without(ObjectNode base, List<String> path, String field) {
        ObjectNode copy = base.deepCopy();
        ObjectNode at = copy;
        for (String p : path) {
            at = (ObjectNode) at.get(p);
        }
        at.remove(field);
        return copy;
    }

    static String abbreviated(JsonNode v) {
        if (v.isTextual() && v.textValue().length() > 20) {
            String s = v.textValue();
            return "'" + s.substring(0, s.offsetByCodePoints(0, 3)) + "…' (" + s.codePointCount(0, s.length())
                    + " code points)";
        }
        return v.toString();
    }

    /** Every schema node with its path. */
    static void walk(JsonNode node, String path, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(path, node);
            node.fields().forEachRemaining(f -> walk(f.getValue(), path + "/" + f.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visit);
            }
        }
    }
}
