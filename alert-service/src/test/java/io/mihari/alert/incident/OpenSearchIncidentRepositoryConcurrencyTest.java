package io.mihari.alert.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.store.Indices;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Attribution;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.testsupport.MutableClock;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.mihari.alert.store.Conflicts;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.transport.Endpoint;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.TransportOptions;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.GetRequest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The incident store against the real OpenSearch with two writers, each with its own client and repository (as two
 * alert-service instances have): the daily incident numbers and the optimistic concurrency on the revision, raced with
 * real threads. The in-memory fake of the other incident tests only imitates these rules; here OpenSearch enforces
 * them. The last tests drive {@link IncidentService} on one writer while the other changes the stored incident: the
 * changes of several steps it makes (attribution, caught-up status reports, a reopening joined by a waiting problem).
 *
 * <p>Every test uses days of its own in 1999 (their counters deleted first; never an incident: a deleted document's
 * version outlives it for a minute) and incident ids with a random part or the first number of such a day, so the
 * application running alongside (the module's {@code @QuarkusTest}s share one) never touches them.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class OpenSearchIncidentRepositoryConcurrencyTest {

    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    @Inject
    AlertConfig config;

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** One alert-service instance's view of the store: its own HTTP client and repository. */
    final class Writer implements AutoCloseable {
        final String name;
        final OpenSearchClient client;
        final Recording published = new Recording();
        final OpenSearchIncidentRepository repository;

        Writer(String name) {
            this.name = name;
            // as OpenSearchClientProducer makes it: the configured connection, Quarkus' ObjectMapper
            this.client = new OpenSearchClient(new CountingConflicts(config.opensearch().connection()
                    .transport(new JacksonJsonpMapper(objectMapper.copy()))));
            this.repository = new OpenSearchIncidentRepository(client, Clock.systemUTC(), published);
        }

        @Override
        public void close() throws IOException {
            published.close();
            client._transport().close();
        }
    }

    /** Counts the 409s OpenSearch answers, and the longest run of refused writes one thread had in a row. */
    static final class CountingConflicts implements OpenSearchTransport {
        static final AtomicInteger CONFLICTS = new AtomicInteger();
        static final AtomicInteger LONGEST_RUN = new AtomicInteger();
        static final ThreadLocal<int[]> RUN = ThreadLocal.withInitial(() -> new int[1]);
        final OpenSearchTransport delegate;

        CountingConflicts(OpenSearchTransport delegate) {
            this.delegate = delegate;
        }

        static void reset() {
            CONFLICTS.set(0);
            LONGEST_RUN.set(0);
        }

        @Override
        public <R, S, E> S performRequest(R request, Endpoint<R, S, E> endpoint, TransportOptions options)
                throws IOException {
            try {
                S response = delegate.performRequest(request, endpoint, options);
                if (!(request instanceof GetRequest)) {
                    RUN.get()[0] = 0; // a write went through: the run of refused writes is over
                }
                return response;
            } catch (IOException | RuntimeException e) {
                if (Conflicts.isConflict(e)) {
                    CONFLICTS.incrementAndGet();
                    LONGEST_RUN.accumulateAndGet(++RUN.get()[0], Math::max);
                }
                throw e;
            }
        }

        @Override
        public <R, S, E> CompletableFuture<S> performRequestAsync(R request, Endpoint<R, S, E> endpoint,
                TransportOptions options) {
            return delegate.performRequestAsync(request, endpoint, options);
        }

        @Override
        public JsonpMapper jsonpMapper() {
            return delegate.jsonpMapper();
        }

        @Override
        public TransportOptions options() {
            return delegate.options();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    /** Records what the repository publishes instead of sending it (the Kafka side is tested elsewhere). */
    final class Recording extends IncidentPublisher {
        final Queue<Incident> changes = new ConcurrentLinkedQueue<>();

        Recording() {
            super(bootstrapServers, objectMapper);
        }

        @Override
        public void publish(Incident incident) {
            changes.add(incident);
        }
    }

    Writer a;
    Writer b;
    ExecutorService threads;

    @BeforeEach
    void twoWriters() {
        a = new Writer("a");
        b = new Writer("b");
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void close() throws IOException {
        threads.shutdownNow();
        a.close();
        b.close();
    }

    void forgetCounter(LocalDate day) throws IOException {
        forget(Indices.COUNTERS, "incident-" + DAY.format(day));
    }

    void forget(String index, String id) throws IOException {
        try {
            a.client.delete(d -> d.index(index).id(id));
        } catch (OpenSearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** Runs every task on its own thread, all released together; their results in task order. */
    <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).as("every racer ready").isTrue();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    static Incident opened(String id, Instant at) {
        Alert down = new Alert("kurashiki/krs-juki-ap1|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true,
                "kurashiki/krs-juki-ap1", at, "HEARTBEAT_MISSING", "kurashiki/krs-juki-ap1 is down: no heartbeat",
                Map.of());
        return Incident.open(id, "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan", List.of(down), false, at, at,
                Duration.ofHours(1));
    }

    static String uniqueId(LocalDate day) {
        // the id format of the service, with a random tail no other test or the running application uses
        return "INC-" + DAY.format(day) + "-race-" + UUID.randomUUID();
    }

    /** Read, change, write; on a conflict read again: what every writer of a stored incident does. */
    static int appendUntilStored(OpenSearchIncidentRepository repository, String id, String author, String note,
            Instant at) {
        int conflicts = 0;
        while (true) {
            Incident current = repository.find(id).orElseThrow();
            try {
                repository.save(current.acknowledge(author, note, at));
                return conflicts;
            } catch (IncidentConflictException e) {
                conflicts++;
                assertThat(conflicts).as("conflicts of %s's %s", author, note).isLessThan(1_000);
            }
        }
    }

    static List<String> notes(Incident incident) {
        return incident.timeline().stream().filter(e -> "ACKNOWLEDGED".equals(e.type())).map(TimelineEntry::message)
                .toList();
    }

    @Test
    void numbersFromTwoWritersRacingAreUniqueAndGapFreeFromOnePerDay() throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 1);
        LocalDate otherDay = day.plusDays(1);
        forgetCounter(day);
        forgetCounter(otherDay);
        int perThread = 25; // 8 threads (4 per writer) x 25 = 200 numbers of the day, plus 40 of the next day
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        Queue<Long> otherDayNumbers = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 8; t++) {
            OpenSearchIncidentRepository repository = (t % 2 == 0 ? a : b).repository;
            int thread = t;
            tasks.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(repository.nextNumber(day));
                    if (i % 5 == thread % 5) {
                        otherDayNumbers.add(repository.nextNumber(otherDay));
                    }
                }
                return mine;
            });
        }

        CountingConflicts.reset();
        List<Long> all = race(tasks).stream().flatMap(List::stream).toList();
        System.out.printf("incident numbers: 240 allocated by 8 threads of 2 writers; %d conflicts, at most %d in a "
                + "row for one allocation%n", CountingConflicts.CONFLICTS.get(), CountingConflicts.LONGEST_RUN.get());

        assertThat(all).hasSize(200);
        assertThat(all).as("every number of the day given once, none skipped")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(otherDayNumbers).as("the next day counts from 1 on its own")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(CountingConflicts.CONFLICTS.get()).as("the writers did collide").isPositive();
        assertThat(a.repository.nextNumber(day)).isEqualTo(201);
        assertThat(b.repository.nextNumber(day)).isEqualTo(202);
    }

    @Test
    void ofTwoWritersChangingTheSameRevisionExactlyOneWinsAndTheOthersRetryLandsOnTop() throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 3);
        String id = uniqueId(day);
        Instant t0 = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Incident first = opened(id, t0);
        a.repository.save(first);
        int rounds = 100;
        AtomicInteger conflictsOfA = new AtomicInteger();
        AtomicInteger conflictsOfB = new AtomicInteger();

        for (int round = 0; round < rounds; round++) {
            // both hold the same stored revision before the race starts
            Incident seenByA = a.repository.find(id).orElseThrow();
            Incident seenByB = b.repository.find(id).orElseThrow();
            assertThat(seenByA).isEqualTo(seenByB);
            Instant at = t0.plusSeconds(round + 1);
            String note = "round " + round;
            List<Boolean> firstTryWon = race(List.of(
                    () -> tryOnce(a, seenByA.acknowledge("a", note, at), conflictsOfA),
                    () -> tryOnce(b, seenByB.acknowledge("b", note, at), conflictsOfB)));

            assertThat(firstTryWon).as("round %d: exactly one writer wins revision %d", round,
                    seenByA.revision() + 1).containsExactlyInAnyOrder(true, false);
            Writer loser = firstTryWon.get(0) ? b : a;
            // the loser's retry: read again, apply its change to the fresh copy
            assertThat(appendUntilStored(loser.repository, id, loser.name, note, at)).isZero();

            Incident stored = a.repository.find(id).orElseThrow();
            assertThat(stored.revision()).isEqualTo(seenByA.revision() + 2);
            assertThat(notes(stored)).as("round %d: both changes stored", round)
                    .containsSubsequence("acknowledged: " + note, "acknowledged: " + note);
        }

        Incident last = b.repository.find(id).orElseThrow();
        assertThat(last.revision()).isEqualTo(first.revision() + 2L * rounds);
        assertThat(last.timeline().stream().filter(e -> "ACKNOWLEDGED".equals(e.type())))
                .as("every change of both writers, none lost").hasSize(2 * rounds)
                .extracting(TimelineEntry::author).containsOnly("a", "b");
        assertThat(last.timeline().stream().filter(e -> "ACKNOWLEDGED".equals(e.type()))
                .collect(Collectors.groupingBy(TimelineEntry::author, Collectors.counting())))
                .containsEntry("a", (long) rounds).containsEntry("b", (long) rounds);
        assertThat(conflictsOfA.get() + conflictsOfB.get()).as("one conflict per round").isEqualTo(rounds);
        assertPublishedOncePerRevision(id, first.revision(), last.revision());
    }

    /** One write without retry: whether it was stored; a refused one is counted. */
    static boolean tryOnce(Writer writer, Incident change, AtomicInteger conflicts) {
        try {
            writer.repository.save(change);
            return true;
        } catch (IncidentConflictException e) {
            conflicts.incrementAndGet();
            return false;
        }
    }

    @Test
    void twoWritersAppendingFreelyLoseNothingAndEveryRevisionIsStoredOnce() throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 5);
        String id = uniqueId(day);
        Instant t0 = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Incident first = opened(id, t0);
        b.repository.save(first);
        int perThread = 25; // 2 threads per writer: 100 changes

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Writer writer = t % 2 == 0 ? a : b;
            String author = writer.name + t;
            tasks.add(() -> {
                int conflicts = 0;
                for (int i = 0; i < perThread; i++) {
                    conflicts += appendUntilStored(writer.repository, id, author, author + "-" + i,
                            t0.plusSeconds(i + 1));
                }
                return conflicts;
            });
        }
        int conflicts = race(tasks).stream().mapToInt(Integer::intValue).sum();

        Incident last = a.repository.find(id).orElseThrow();
        assertThat(last.revision()).isEqualTo(first.revision() + 4L * perThread);
        List<String> notes = notes(last);
        assertThat(notes).hasSize(4 * perThread).doesNotHaveDuplicates();
        for (String author : List.of("a0", "b1", "a2", "b3")) {
            // each writer's changes in the order it made them
            assertThat(notes).containsSubsequence(LongStream.range(0, perThread)
                    .mapToObj(i -> "acknowledged: " + author + "-" + i).toList());
        }
        assertThat(conflicts).as("the writers did collide").isPositive();
        assertPublishedOncePerRevision(id, first.revision(), last.revision());
    }

    /** Every revision was published by exactly one writer, exactly as stored along the way. */
    void assertPublishedOncePerRevision(String id, long firstRevision, long lastRevision) {
        List<Incident> published = new ArrayList<>();
        published.addAll(a.published.changes.stream().filter(i -> i.id().equals(id)).toList());
        published.addAll(b.published.changes.stream().filter(i -> i.id().equals(id)).toList());
        assertThat(published).extracting(Incident::revision)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(firstRevision, lastRevision).boxed()
                        .toList());
        // each published revision extends the one before it: no change was built on a copy that lost
        published.sort(java.util.Comparator.comparingLong(Incident::revision));
        for (int i = 1; i < published.size(); i++) {
            assertThat(published.get(i).timeline()).as("revision %d", published.get(i).revision())
                    .startsWith(published.get(i - 1).timeline().toArray(TimelineEntry[]::new));
        }
    }

    @Test
    void aWriterHoldingAStaleCopyNeverOverwritesANewerOne() throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 7);
        String id = uniqueId(day);
        Instant t0 = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Incident first = opened(id, t0);
        a.repository.save(first);
        Incident stale = b.repository.find(id).orElseThrow(); // b keeps this copy (e.g. it lost the service)

        // a moves on while b, racing, keeps writing a change of its old copy without reading again
        int changes = 50;
        List<Callable<Integer>> tasks = List.of(() -> {
            for (int i = 0; i < changes; i++) {
                appendUntilStored(a.repository, id, "a", "a-" + i, t0.plusSeconds(i + 1));
            }
            return 0;
        }, () -> {
            int refused = 0;
            for (int i = 0; i < changes; i++) {
                try {
                    b.repository.save(stale.acknowledge("b", "stale-" + i, t0.plusSeconds(i + 1)));
                } catch (IncidentConflictException e) {
                    refused++;
                }
            }
            return refused;
        });
        List<Integer> results = race(tasks);

        Incident last = a.repository.find(id).orElseThrow();
        List<String> notes = notes(last);
        long staleStored = notes.stream().filter(n -> n.contains("stale-")).count();
        // at most one of them, and only before a's first write (a then built on top of it)
        assertThat(staleStored).as("stale changes stored").isLessThanOrEqualTo(1);
        assertThat(results.get(1)).as("stale writes refused").isEqualTo(changes - (int) staleStored);
        assertThat(notes.stream().filter(n -> n.contains(": a-")).toList()).as("a lost none of its changes")
                .containsExactlyElementsOf(LongStream.range(0, changes).mapToObj(i -> "acknowledged: a-" + i).toList());
        assertThat(last.revision()).isEqualTo(first.revision() + changes + staleStored);
        assertPublishedOncePerRevision(id, first.revision(), last.revision());

        // and once the store is ahead, a change of the old copy never lands, nor does the old copy itself
        assertThatThrownBy(() -> b.repository.save(stale.acknowledge("b", "late", t0)))
                .isInstanceOf(IncidentConflictException.class);
        assertThatThrownBy(() -> b.repository.save(stale)).isInstanceOf(IncidentConflictException.class);
        assertThat(a.repository.find(id)).contains(last);
    }

    @Test
    void writingTheSameRevisionAgainIsAcceptedAndADifferentOneOfThatRevisionIsNot() {
        LocalDate day = LocalDate.of(1999, 3, 9);
        String id = uniqueId(day);
        Instant t0 = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Incident first = opened(id, t0);
        a.repository.save(first);
        Incident change = first.acknowledge("a", "once", t0.plusSeconds(1));
        a.repository.save(change);

        // a retry after a timed-out write that did land: the very same document (read back equal to what was sent)
        b.repository.save(change);
        assertThat(b.repository.find(id)).contains(change);

        Incident other = first.acknowledge("b", "other", t0.plusSeconds(1));
        assertThatThrownBy(() -> b.repository.save(other)).isInstanceOf(IncidentConflictException.class);
        assertThat(a.repository.find(id)).contains(change);
    }

    // ---- changes of several steps at once (IncidentService), from a copy another instance has moved past ----

    /** 10:00 in Japan on {@code day}: its incidents are numbered on that day. */
    static Instant opening(LocalDate day) {
        return day.atTime(1, 0).toInstant(ZoneOffset.UTC);
    }

    /** The first incident of the day. */
    static String owned(LocalDate day) {
        return IncidentIds.format(day, 1);
    }
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";

    final MutableClock clock = new MutableClock(Instant.EPOCH);
    long signal;

    /** The instance running kurashiki-juki, on writer b, with its incident of {@code day} open (detected at 10:00 JST, opened 30 s later). */
    IncidentService ownerWithOpenIncident(LocalDate day) throws IOException {
        // the counter is deleted, never the incident: a deleted document's version outlives it for a minute
        forgetCounter(day);
        assertThat(a.repository.find(owned(day))).as("a day no other test opens incidents on").isEmpty();
        Instant opening = opening(day);
        clock.set(opening);
        Catalog catalog;
        try (var in = getClass().getResourceAsStream("/party-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "party-catalog.yaml");
        }
        IncidentService owner = new IncidentService(clock, () -> catalog, b.repository, new RecordingListener(),
                Duration.ofSeconds(30), SlaPolicy.DEFAULT, Duration.ofMinutes(10), id -> false,
                PlannedMaintenance.NONE);
        owner.onAlert(SERVICE, new Alert(AP1 + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, AP1,
                opening.minusSeconds(30), "HEARTBEAT_MISSING", AP1 + " is down", Map.of()), opening, ++signal);
        clock.set(opening.plusSeconds(30));
        owner.tick();
        assertThat(a.repository.find(owned(day))).as("opened and stored").isPresent();
        return owner;
    }

    /** Another instance's mailer: the first report went out; stored by read, change, write (IncidentService's way). */
    Incident firstReportSentElsewhere(String id, Instant at) {
        Incident stored = a.repository.find(id).orElseThrow();
        Incident sent = stored.firstReportSent(at);
        a.repository.save(sent);
        return sent;
    }

    @Test
    void aCommandOfTwoStepsOnACopyAnotherInstanceMovedPastIsRefusedAndAppliedOnTopWhenRetried() throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 11);
        IncidentService owner = ownerWithOpenIncident(day);
        String id = owned(day);
        Instant opening = opening(day);
        Incident mailed = firstReportSentElsewhere(id, opening.plusSeconds(35));

        // the city says it is the cloud provider's: attribution and the move of the responsibility, one command
        clock.set(opening.plusSeconds(60));
        Command toCloud = new Command("cmd-cloud", CommandType.SET_ATTRIBUTION, SERVICE, id,
                new Actor("kurashiki-ops", "operator", "kurashiki", "山田 (倉敷市)"), opening.plusSeconds(60), null,
                null, Attribution.CLOUD, null, null, null, null, null);
        long commandSignal = ++signal;
        assertThatThrownBy(() -> owner.onCommand(toCloud, commandSignal))
                .as("made from the copy before the first report was recorded")
                .isInstanceOf(IncidentConflictException.class);
        assertThat(a.repository.find(id)).as("nothing overwritten").contains(mailed);

        // incident management retries the signal: now on top of the stored copy
        assertThat(owner.onCommand(toCloud, commandSignal).revision()).isEqualTo(mailed.revision() + 1);
        Incident stored = a.repository.find(id).orElseThrow();
        assertThat(stored.sla().firstReport().sentAt()).as("the other instance's change kept")
                .isEqualTo(opening.plusSeconds(35));
        assertThat(stored.attribution()).isEqualTo("CLOUD");
        assertThat(stored.responsibleParty().id()).isEqualTo("gov-cloud");
        assertThat(stored.timeline()).extracting(TimelineEntry::type)
                .containsSubsequence("FIRST_REPORT_SENT", "ATTRIBUTION", "RESPONSIBILITY");
    }

    @Test
    void statusReportsCaughtUpOnACopyAnotherInstanceMovedPastAreRefusedAndMadeOnTopOnTheNextTick() throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 13);
        IncidentService owner = ownerWithOpenIncident(day);
        String id = owned(day);
        Instant opening = opening(day);
        Incident mailed = firstReportSentElsewhere(id, opening.plusSeconds(35));

        // nobody reported for two deadlines (e.g. the instance was stopped): two automatic reports in one write
        clock.set(opening.plusSeconds(30 + 2 * 3600 + 60));
        owner.tick(); // the clock's write is refused (logged; the next tick retries on the stored copy)
        assertThat(a.repository.find(id)).as("nothing overwritten").contains(mailed);

        owner.tick();
        Incident stored = a.repository.find(id).orElseThrow();
        assertThat(stored.revision()).isEqualTo(mailed.revision() + 1);
        assertThat(stored.sla().firstReport().sentAt()).as("the other instance's change kept")
                .isEqualTo(opening.plusSeconds(35));
        assertThat(stored.sla().statusReports()).as("both missed deadlines recorded").hasSize(2);
    }

    static final String AP2 = "kurashiki/krs-juki-ap2";

    static Alert liveness(String target, boolean down, Instant at) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, down, target, at,
                down ? "HEARTBEAT_MISSING" : "HEARTBEAT_RECEIVED", target + (down ? " is down" : " is up again"),
                Map.of());
    }

    @Test
    void aReopeningJoinedByAWaitingProblemOnACopyAnotherInstanceMovedPastIsRefusedAndRetriedWithThatProblem()
            throws Exception {
        LocalDate day = LocalDate.of(1999, 3, 15);
        IncidentService owner = ownerWithOpenIncident(day);
        String id = owned(day);
        Instant opening = opening(day);
        clock.set(opening.plusSeconds(60));
        owner.onAlert(SERVICE, liveness(AP1, false, opening.plusSeconds(50)), clock.instant(), ++signal);
        assertThat(a.repository.find(id).orElseThrow().status()).isEqualTo(IncidentStatus.MITIGATED);
        clock.set(opening.plusSeconds(70));
        owner.onAlert(SERVICE, liveness(AP2, true, opening.plusSeconds(65)), clock.instant(), ++signal); // waits 30 s

        // another instance's mailer records the recovery report
        Incident stored = a.repository.find(id).orElseThrow();
        Incident recovered = stored.recoveryReportSent(opening.plusSeconds(75));
        a.repository.save(recovered);

        // AP1's problem comes back: the incident reopens, and AP2's waiting problem joins it (two steps, one write)
        clock.set(opening.plusSeconds(80));
        Alert again = liveness(AP1, true, opening.plusSeconds(78));
        long againSignal = ++signal;
        assertThatThrownBy(() -> owner.onAlert(SERVICE, again, clock.instant(), againSignal))
                .as("made from the copy before the recovery report was recorded")
                .isInstanceOf(IncidentConflictException.class);
        assertThat(a.repository.find(id)).as("nothing overwritten").contains(recovered);

        // incident management retries the signal: reopened on top, and AP2's problem was kept waiting for it
        owner.onAlert(SERVICE, again, clock.instant(), againSignal);
        Incident reopened = a.repository.find(id).orElseThrow();
        assertThat(reopened.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(reopened.revision()).isEqualTo(recovered.revision() + 1);
        assertThat(reopened.activeAlerts()).containsExactlyInAnyOrder(AP1 + "|DOWN", AP2 + "|DOWN");
        assertThat(reopened.timeline()).extracting(TimelineEntry::type).contains("RECOVERY_REPORT_SENT");
        assertThat(owner.pendingAlerts()).as("nothing left waiting").isEmpty();
    }
}
