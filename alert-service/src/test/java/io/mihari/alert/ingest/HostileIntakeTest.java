package io.mihari.alert.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mihari.alert.testing.Stack;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Intake that no event can stop or fool, tried as a hostile sender would against the real Kafka and OpenSearch:
 * oversized records, reasons that would echo a huge value, events dated years ahead, records in another partition
 * than their key's or under another key than their target, encoding tricks, another city's host names, a registered
 * host under another system — and a flood of 10,000 such records among 1,000 valid heartbeats. Every record ends in
 * exactly one place (indexed, or dead-lettered with its reason, found by its partition and offset), nothing the
 * junk says changes a status or opens an incident, and ingest never restarts.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class HostileIntakeTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SERVICE = "hostile-intake";
    /** Every dead letter of the event topic, by the partition and offset of its original. */
    static Stack.DeadLetterReader dead;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @TestHTTPResource("/q/metrics")
    URL metricsUrl;

    @TestHTTPResource("/q/health/ready")
    URL readyUrl;

    Stack stack;
    long seq;

    @BeforeEach
    void stack() {
        stack = new Stack(bootstrapServers, openSearchUrl);
        if (dead == null) {
            dead = new Stack.DeadLetterReader(stack, Topics.EVENTS_DLQ, t -> Topics.tenantOf(t) != null);
        }
    }

    @AfterAll
    static void close() {
        if (dead != null) {
            dead.close();
            dead = null;
        }
    }

    static Instant now() {
        return TestClock.CLOCK.instant();
    }

    Event event(String tenant, String system, String host, Instant at, Payload payload) {
        return event("hi-" + UUID.randomUUID(), tenant, system, host, at, payload);
    }

    Event event(String id, String tenant, String system, String host, Instant at, Payload payload) {
        return new Event(id, 1, EventType.of(payload), at, tenant, system, host, "agent-" + host,
                ++seq, payload);
    }

    Event heartbeat(String host) {
        return event("kurashiki", "juki", host, now(), new Heartbeat(3600, "test"));
    }

    static CheckResult down() {
        return new CheckResult("portal", CheckResult.Kind.HTTP, CheckResult.Status.DOWN, 5, "HTTP 503", null);
    }

    static String at(RecordMetadata m) {
        return Stack.DeadLetterReader.at(m);
    }

    /** The dead letter of the record sent as {@code m}, once alert-service has written it. */
    static ConsumerRecord<String, byte[]> deadLetterOf(RecordMetadata m) {
        return dead.of(m, WAIT);
    }

    static String code(ConsumerRecord<String, byte[]> deadLetter) {
        return Stack.header(deadLetter, Topics.DeadLetterHeaders.CODE);
    }

    /** Waits until a valid event sent after {@code m} in its partition is stored: everything before it was handled. */
    void awaitHandled(RecordMetadata m, String host) throws Exception {
        Event sentinel = heartbeat(host);
        int partition = Admission.partitionOf(sentinel.targetId(), stack.partitions());
        assertThat(partition).as("the sentinel shares the partition").isEqualTo(m.partition());
        stack.send(sentinel).get();
        await().atMost(WAIT).until(() -> stack.count("mihari-events-*", "eventId:\"" + sentinel.eventId() + "\"") == 1);
    }

    /** A host name whose events go to {@code partition}. */
    String hostIn(int partition, String prefix) {
        for (int i = 0; ; i++) {
            if (Admission.partitionOf("kurashiki/" + prefix + i, stack.partitions()) == partition) {
                return prefix + i;
            }
        }
    }

    String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metricsUrl.toURI()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a metric's series in Prometheus text that carry every one of {@code labels} (0 when absent). */
    static double metric(String all, String name, String... labels) {
        return all.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    // ---- finding 1: one oversized event stopped all intake ----

    @Test
    void anOversizedEventInEveryPartitionIsDeadLetteredBoundedAndIntakeGoesOn() throws Exception {
        double restartsBefore = metric(metrics(), "mihari_ingest_restarts_total");
        List<RecordMetadata> poison = new ArrayList<>();
        List<Event> after = new ArrayList<>();
        for (int p = 0; p < stack.partitions(); p++) {
            String host = hostIn(p, "hi-big-");
            Event big = event("kurashiki", "juki", host, now(), new Heartbeat(10, "test"));
            String json = new String(EventCodec.encode(big), StandardCharsets.UTF_8)
                    .replace("\"agent-" + host + "\"", "\"" + "a".repeat(600_000) + "\"");
            poison.add(stack.send(p, big.targetId(), json.getBytes(StandardCharsets.UTF_8)).get());
            after.add(heartbeat(host));
        }
        for (Event e : after) {
            stack.send(e).get();
        }

        for (Event e : after) {
            await().atMost(WAIT).until(() -> stack.count("mihari-events-*", "eventId:\"" + e.eventId() + "\"") == 1);
        }
        for (RecordMetadata m : poison) {
            ConsumerRecord<String, byte[]> dead = deadLetterOf(m);
            assertThat(code(dead)).isEqualTo("TOO_LARGE");
            assertThat(dead.value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
            assertThat(Stack.header(dead, Topics.DeadLetterHeaders.TRUNCATED)).isEqualTo("true");
            assertThat(Long.parseLong(Stack.header(dead, Topics.DeadLetterHeaders.SIZE))).isGreaterThan(600_000);
        }
        assertThat(metric(metrics(), "mihari_ingest_restarts_total")).isEqualTo(restartsBefore);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(readyUrl.toURI()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aReasonThatWouldEchoAHugeValueIsBounded() throws Exception {
        Event e = heartbeat("hi-echo");
        String json = new String(EventCodec.encode(e), StandardCharsets.UTF_8)
                .replace("\"agent-hi-echo\"", "\"" + "b".repeat(60_000) + "!\""); // within 64 KiB, invalid name

        ConsumerRecord<String, byte[]> dead = deadLetterOf(stack.send(null, e.targetId(),
                json.getBytes(StandardCharsets.UTF_8)).get());

        assertThat(code(dead)).isEqualTo("INVALID_EVENT");
        assertThat(Stack.header(dead, Topics.DeadLetterHeaders.REASON))
                .startsWith("INVALID_EVENT: agentId 'bbbb").contains("(60001 characters)").hasSizeLessThan(300);
        assertThat(dead.value()).isEqualTo(json.getBytes(StandardCharsets.UTF_8)); // kept whole
    }

    // ---- finding 2: future dates created an index per day until the shard cap ----

    @Test
    void eventsDatedDaysOrYearsAheadOrBeforeTheKeptDaysAreRefusedAndCreateNoIndex() throws Exception {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);
        List<Instant> ahead = List.of(now().plus(Duration.ofDays(2)), now().plus(Duration.ofDays(400)),
                Instant.parse("2126-01-01T00:00:00Z"), Instant.parse("9999-12-31T00:00:00Z"));
        List<RecordMetadata> sent = new ArrayList<>();
        for (Instant at : ahead) {
            sent.add(stack.send(event("kurashiki", "juki", "hi-future", at, new Heartbeat(10, "test"))).get());
        }
        RecordMetadata old = stack.send(event("kurashiki", "juki", "hi-future", Instant.parse("1900-01-01T00:00:00Z"),
                new Heartbeat(10, "test"))).get();

        for (RecordMetadata m : sent) {
            assertThat(code(deadLetterOf(m))).isEqualTo("FUTURE_DATED");
        }
        assertThat(code(deadLetterOf(old))).isEqualTo("TOO_OLD");
        for (Instant at : ahead) {
            String index = "mihari-events-" + day.format(at);
            assertThat(stack.get("/" + index).has(index)).as(index + " was not created").isFalse();
        }
        assertThat(stack.get("/mihari-events-1900.01.01").has("mihari-events-1900.01.01")).isFalse();
    }

    // ---- finding 3: a record in another partition made that partition's owner declare the target DOWN ----

    @Test
    void aRecordOutsideItsKeysPartitionOrUnderAnotherKeyIsNeverJudged() throws Exception {
        Event up = heartbeat("hi-db2");
        stack.send(up).get();
        await().atMost(WAIT).until(() -> "UP".equals(stack.get("/mihari-targets/_doc/kurashiki%2Fhi-db2")
                .path("_source").path("status").asText()));
        int own = Admission.partitionOf(up.targetId(), stack.partitions());
        int other = (own + 1) % stack.partitions();
        Event failing = event("kurashiki", "juki", "hi-db2", now(), down());

        RecordMetadata wrongPartition = stack.send(other, failing.targetId(), EventCodec.encode(failing)).get();
        RecordMetadata wrongKey = stack.send(null, "kurashiki/" + hostIn(own, "hi-other-"),
                EventCodec.encode(event("kurashiki", "juki", "hi-db2", now(), down()))).get();
        RecordMetadata noKey = stack.send(own, null, EventCodec.encode(event("kurashiki", "juki", "hi-db2", now(),
                down()))).get();

        // Takamatsu's agents may write only Takamatsu's topic (Kafka ACLs): there, a Kurashiki host is not theirs
        Event otherCity = event("kurashiki", "juki", "hi-db2", now(), down());
        RecordMetadata wrongTopic = stack.send(Topics.events("takamatsu"), null, otherCity.targetId(),
                EventCodec.encode(otherCity)).get();

        assertThat(code(deadLetterOf(wrongPartition))).isEqualTo("WRONG_PARTITION");
        assertThat(code(deadLetterOf(wrongKey))).isEqualTo("KEY_MISMATCH");
        assertThat(code(deadLetterOf(noKey))).isEqualTo("KEY_MISMATCH");
        assertThat(code(deadLetterOf(wrongTopic))).isEqualTo("WRONG_TOPIC");
        awaitHandled(wrongKey, "hi-db2");
        assertThat(stack.get("/mihari-targets/_doc/kurashiki%2Fhi-db2").path("_source").path("status").asText())
                .isEqualTo("UP");
        assertThat(stack.count("mihari-events-*", "eventId:\"" + failing.eventId() + "\"")).isZero();
        assertThat(stack.count("mihari-events-*", "eventId:\"" + otherCity.eventId() + "\"")).isZero();
        assertThat(stack.count("mihari-incidents", "serviceId:\"" + SERVICE + "\"")).isZero();
    }

    // ---- finding 5: the schema and the decoder disagreed; encodings and trailing data were accepted ----

    @Test
    void whatTheSchemaAllowsIsStoredAndWhatTheBytesMayNotBeIsRefused() throws Exception {
        Event check = event("kurashiki", "juki", "hi-schema", now(), new CheckResult("portal", CheckResult.Kind.TCP,
                CheckResult.Status.UP, 3, null, null));
        ObjectNode withoutOptionals = (ObjectNode) Stack.JSON.readTree(EventCodec.encode(check));
        ((ObjectNode) withoutOptionals.get("payload")).remove(List.of("message", "certificateDaysLeft"));
        stack.send(null, check.targetId(), Stack.JSON.writeValueAsBytes(withoutOptionals)).get();

        Event hb = heartbeat("hi-schema");
        byte[] valid = EventCodec.encode(hb);
        String json = new String(valid, StandardCharsets.UTF_8);
        Map<String, byte[]> tricks = Map.of(
                "TOO_LARGE", json.replace("\"test\"", "\"" + "v".repeat(900_000) + "\"").getBytes(StandardCharsets.UTF_8),
                "NOT_JSON", (json + "{\"type\":\"GAP\"}").getBytes(StandardCharsets.UTF_8));
        Map<String, RecordMetadata> sent = new java.util.HashMap<>();
        for (Map.Entry<String, byte[]> t : tricks.entrySet()) {
            sent.put(t.getKey(), stack.send(null, hb.targetId(), t.getValue()).get());
        }
        byte[] bom = new byte[valid.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(valid, 0, bom, 3, valid.length);
        RecordMetadata withBom = stack.send(null, hb.targetId(), bom).get();
        RecordMetadata utf16 = stack.send(null, hb.targetId(), json.getBytes(Charset.forName("UTF-16"))).get();

        await().atMost(WAIT).until(() -> stack.count("mihari-events-*", "eventId:\"" + check.eventId() + "\"") == 1);
        assertThat(code(deadLetterOf(sent.get("TOO_LARGE")))).isEqualTo("TOO_LARGE");
        assertThat(code(deadLetterOf(sent.get("NOT_JSON")))).isEqualTo("NOT_JSON");
        assertThat(Stack.header(deadLetterOf(withBom), Topics.DeadLetterHeaders.REASON)).contains("byte order mark");
        assertThat(code(deadLetterOf(utf16))).isEqualTo("NOT_JSON");
        assertThat(stack.count("mihari-events-*", "eventId:\"" + hb.eventId() + "\"")).isZero();
    }

    // ---- finding 6: another city's host name was attached to this city's service ----

    @Test
    void anotherCitysHostNameIsStoredUnregisteredUnderItsOwnTenantAndAttachedToNoService() throws Exception {
        Event spoofed = event("takamatsu", "juki", "krs-juki-ap1", now(), new Heartbeat(3600, "test"));
        stack.send(spoofed).get();
        Event otherSystem = event("kurashiki", "hokenfukushi", "hi-ap3", now(), down());
        RecordMetadata mismatch = stack.send(otherSystem).get();

        await().atMost(WAIT).until(() -> stack.count("mihari-events-*", "eventId:\"" + spoofed.eventId() + "\"") == 1);
        JsonNode stored = stack.search("mihari-events-*", "eventId:\"" + spoofed.eventId() + "\"", 1).get(0);
        assertThat(stored.path("registered").asBoolean()).isFalse();
        assertThat(stored.path("tenant").asText()).isEqualTo("takamatsu");
        assertThat(stored.has("serviceId")).as("attached to no service").isFalse();
        await().atMost(WAIT).until(() -> stack.get("/mihari-targets/_doc/takamatsu%2Fkrs-juki-ap1").path("found")
                .asBoolean());
        JsonNode target = stack.get("/mihari-targets/_doc/takamatsu%2Fkrs-juki-ap1").path("_source");
        assertThat(target.path("serviceId").isNull() || target.path("serviceId").isMissingNode()).isTrue();
        assertThat(target.path("registered").asBoolean()).isFalse();
        ConsumerRecord<String, byte[]> dead = deadLetterOf(mismatch);
        assertThat(code(dead)).isEqualTo("SYSTEM_MISMATCH");
        assertThat(Stack.header(dead, Topics.DeadLetterHeaders.REASON)).contains("registered under system 'juki'");
    }

    // ---- finding 4 and the flood: junk slowed everything and was counted nowhere ----

    /** What a junk record is, and where it must end. */
    enum Junk {
        GARBAGE("NOT_JSON"), TRUNCATED("NOT_JSON"), TOMBSTONE("NOT_JSON"), HUGE("TOO_LARGE"),
        UNKNOWN_TYPE("INVALID_EVENT"), WRONG_KEY("KEY_MISMATCH"), WRONG_PARTITION("WRONG_PARTITION"),
        WRONG_TOPIC("WRONG_TOPIC"), FUTURE("FUTURE_DATED"), PAST("TOO_OLD"), OTHER_SYSTEM("SYSTEM_MISMATCH"),
        SPOOFED_TENANT(null), DUPLICATE(null);

        /** The dead letter's code; null: stored (unregistered / once), never dead-lettered. */
        final String code;

        Junk(String code) {
            this.code = code;
        }
    }

    @Test
    void tenThousandHostileRecordsAmongAThousandValidHeartbeatsAllEndInTheirPlaceAndChangeNothing() throws Exception {
        List<String> hosts = List.of("hi-ap1", "hi-ap2", "hi-ap3", "hi-db1");
        String run = "flood-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String metricsBefore = metrics();
        double restartsBefore = metric(metricsBefore, "mihari_ingest_restarts_total");
        Random random = new Random(11);
        int partitions = stack.partitions();
        org.assertj.core.api.Assumptions.assumeThat(partitions).isGreaterThan(1);
        List<Event> valid = new ArrayList<>();
        Map<Junk, List<Future<RecordMetadata>>> junk = new EnumMap<>(Junk.class);
        List<Event> spoofed = new ArrayList<>();
        Junk[] kinds = Junk.values();
        int junkSent = 0;
        for (int i = 0; i < 11_000; i++) {
            if (i % 11 == 0) {
                Event hb = event(run + "v-" + valid.size(), "kurashiki", "juki", hosts.get(valid.size() % hosts.size()),
                        now(), new Heartbeat(3600, "test"));
                valid.add(hb);
                stack.send(hb);
                continue;
            }
            Junk kind = kinds[junkSent++ % kinds.length];
            if (kind == Junk.HUGE && junk.getOrDefault(kind, List.of()).size() >= 20) {
                kind = Junk.GARBAGE; // a few 900 KB records are enough; thousands would only fill the disk
            }
            String host = hosts.get(random.nextInt(hosts.size()));
            Event failing = event("kurashiki", "juki", host, now(), down());
            byte[] bytes = EventCodec.encode(failing);
            Future<RecordMetadata> f = switch (kind) {
                case GARBAGE -> {
                    byte[] noise = new byte[1 + random.nextInt(2000)];
                    random.nextBytes(noise);
                    yield stack.send(null, failing.targetId(), noise);
                }
                case TRUNCATED -> stack.send(null, failing.targetId(),
                        java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 2)));
                case TOMBSTONE -> stack.send(null, failing.targetId(), null);
                case HUGE -> stack.send(null, failing.targetId(), new String(bytes, StandardCharsets.UTF_8)
                        .replace("HTTP 503", "x".repeat(900_000)).getBytes(StandardCharsets.UTF_8));
                case UNKNOWN_TYPE -> stack.send(null, failing.targetId(), new String(bytes, StandardCharsets.UTF_8)
                        .replace("CHECK_RESULT", "TELEPATHY").getBytes(StandardCharsets.UTF_8));
                case WRONG_KEY -> stack.send(null, "kurashiki/" + hosts.get((hosts.indexOf(host) + 1) % hosts.size()),
                        bytes);
                case WRONG_PARTITION -> stack.send((Admission.partitionOf(failing.targetId(), partitions) + 1
                        + random.nextInt(partitions - 1)) % partitions, failing.targetId(), bytes);
                case WRONG_TOPIC -> stack.send(Topics.events("takamatsu"), null, failing.targetId(), bytes);
                case FUTURE -> stack.send(event("kurashiki", "juki", host, now().plus(Duration.ofDays(1 + random
                        .nextInt(3650))), down()));
                case PAST -> stack.send(event("kurashiki", "juki", host, Instant.parse("1901-01-01T00:00:00Z")
                        .plus(Duration.ofDays(random.nextInt(3650))), down()));
                case OTHER_SYSTEM -> stack.send(event("kurashiki", "hokenfukushi", host, now(), down()));
                case SPOOFED_TENANT -> {
                    Event s = event(run + "s-" + spoofed.size(), "takamatsu", "juki", host, now(), down());
                    spoofed.add(s);
                    yield stack.send(s);
                }
                case DUPLICATE -> stack.send(valid.get(random.nextInt(valid.size())));
            };
            junk.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
        }
        stack.flush();

        // every valid heartbeat is stored, once
        await().atMost(Duration.ofSeconds(180)).until(() -> stack.count("mihari-events-*", "eventId:" + run + "v-*")
                == valid.size());
        // every junk record is dead-lettered with its reason, or stored where it belongs
        Map<String, String> expected = new java.util.HashMap<>();
        for (Map.Entry<Junk, List<Future<RecordMetadata>>> e : junk.entrySet()) {
            if (e.getKey().code != null) {
                for (Future<RecordMetadata> f : e.getValue()) {
                    expected.put(at(f.get()), e.getKey().code);
                }
            }
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> dead.hasAll(expected.keySet()));
        Map<String, String> found = new java.util.HashMap<>();
        expected.keySet().forEach(k -> found.put(k, code(dead.get(k))));
        assertThat(found).isEqualTo(expected);
        int deadLettered = expected.size();
        await().atMost(WAIT).until(() -> stack.count("mihari-events-*", "eventId:" + run + "s-*") == spoofed.size());
        assertThat(stack.count("mihari-events-*", "tenant:takamatsu AND host:(hi-ap1 OR hi-ap2 OR hi-ap3 OR hi-db1) "
                + "AND registered:true")).isZero();
        assertThat(deadLettered + spoofed.size() + junk.get(Junk.DUPLICATE).size()).isEqualTo(10_000);

        // nothing the junk said changed a status or opened an incident
        for (String host : hosts) {
            assertThat(stack.get("/mihari-targets/_doc/kurashiki%2F" + host).path("_source").path("status").asText())
                    .as(host).isEqualTo("UP");
            assertThat(stack.search("mihari-status", "targetId:\"kurashiki/" + host + "\"", 100))
                    .as(host + " transitions").extracting(t -> t.path("to").asText()).containsOnly("UP");
        }
        assertThat(stack.count("mihari-incidents", "serviceId:\"" + SERVICE + "\"")).isZero();
        // and ingest never started over; the dead letters are counted by reason
        String after = metrics();
        assertThat(metric(after, "mihari_ingest_restarts_total")).isEqualTo(restartsBefore);
        String[] wrongPartition = {"reason=\"WRONG_PARTITION\"", "topic=\"" + Topics.EVENTS_DLQ + "\""};
        assertThat(metric(after, "mihari_ingest_dead_letters_total", wrongPartition)
                - metric(metricsBefore, "mihari_ingest_dead_letters_total", wrongPartition))
                .as(after.lines().filter(l -> l.contains("dead_letters")).toList().toString())
                .isEqualTo(junk.get(Junk.WRONG_PARTITION).size());
    }

    @Test
    void readinessAndMetricsTellWhatIngestSees() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(readyUrl.toURI()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("mihari-ingest", "ownedPartitions");
        String all = metrics();
        assertThat(all).contains("mihari_ingest_indexed_total", "mihari_ingest_restarts_total",
                "mihari_ingest_watermark_age_seconds",
                "mihari_ingest_lag_records{partition=\"0\",topic=\"mihari.events.v1.kurashiki\"}",
                "mihari_outbox_pending", "mihari_mail_latency_seconds", "mihari_opensearch_shards{kind=\"limit\"}");
    }
}
