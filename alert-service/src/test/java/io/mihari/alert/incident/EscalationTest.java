package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.RecordingListener.Call;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Escalation of an unacknowledged CRITICAL incident (docs/sla.md, "Escalation"), run by {@link IncidentService#tick()}
 * from the instants stored with the incident: step k at the instant it became CRITICAL + k × 15 min, to the step's
 * contacts (outside business hours on the city's calendar: the off-hours ones), until someone acknowledges it.
 * <p>
 * The usual incident: Kurashiki's 住記系 DB1 down since S (the service is DOWN: CRITICAL from the start), noticed and
 * opened at S (no grouping wait; the clock counts from the opening: {@link #aDownKnownLateEscalatesFromTheOpening}). S is Tuesday 2027-01-12 10:00 JST, a business day, unless a test says otherwise.
 */
class EscalationTest {

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final String SERVICE = "kurashiki-juki";
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final Actor SATO = new Actor("sato", "vendor", "fujitsu-japan", "佐藤 (富士通Japan)");

    static final Catalog CATALOG = CatalogLoader.load(new ByteArrayInputStream("""
            tenants:
              - id: kurashiki
                name: {ja: 倉敷市, en: Kurashiki}
                contacts:
                  - {email: dx@kurashiki.example}
                escalation:
                  after: 15m
                  steps:
                    - contacts: [{email: leader@fujitsu-japan.example}]
                    - contacts: [{email: manager@fujitsu-japan.example, language: en}, {email: cio@kurashiki.example}]
                  offHours:
                    - contacts: [{email: night@fujitsu-japan.example}]
            systems:
              - id: juki
                name: {ja: 住記系, en: Resident records}
            vendors:
              - id: fujitsu-japan
                name: {ja: 富士通Japan, en: Fujitsu Japan}
                contacts:
                  - {email: ops@fujitsu-japan.example, language: en}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: krs-juki-db1, role: BT/DB, critical: true}
            """.getBytes(StandardCharsets.UTF_8)), "escalation-test.yaml");

    /** Tuesday 2027-01-12 10:00 JST. */
    static final Instant S = jst("2027-01-12T10:00:00");

    final MutableClock clock = new MutableClock(S);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final RecordingListener listener = new RecordingListener();
    boolean serviceDown = true;
    long offset;
    IncidentService service = newService(listener);

    IncidentService newService(IncidentListener l) {
        return new IncidentService(clock, () -> CATALOG, incidents, l, Duration.ZERO, SlaPolicy.DEFAULT,
                Duration.ofMinutes(10), id -> serviceDown, PlannedMaintenance.NONE);
    }

    static Instant jst(String local) {
        return LocalDateTime.parse(local).atZone(JST).toInstant();
    }

    static Alert down(Instant at, Severity severity) {
        return new Alert(DB1 + "|DOWN", AlertKind.LIVENESS, severity, true, DB1, at, "HEARTBEAT_MISSING",
                DB1 + " is down: no heartbeat since " + at);
    }

    static Alert up(Instant at) {
        return new Alert(DB1 + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, false, DB1, at, "HEARTBEAT_RECEIVED",
                DB1 + " is up again");
    }

    void signal(Alert alert) {
        offset++;
        service.onAlert(SERVICE, alert, clock.instant(), offset);
    }

    void tickAt(Instant at) {
        clock.set(at);
        service.tick();
    }

    /** DB1 down since {@code start}, noticed and opened then (no grouping wait). */
    Incident openAt(Instant start, Severity severity) {
        clock.set(start);
        signal(down(start, severity));
        tickAt(start);
        return only();
    }

    Incident only() {
        assertThat(incidents.stored).hasSize(1);
        return incidents.stored.values().iterator().next();
    }

    void acknowledgeAt(Instant at) {
        clock.set(at);
        offset++;
        Incident incident = only();
        Command ack = new Command("cmd-ack-" + at.getEpochSecond(), CommandType.ACKNOWLEDGE, SERVICE, incident.id(),
                SATO, at, "調査中", null, null, null, null, null);
        assertThat(service.onCommand(ack, offset).outcome()).isEqualTo(CommandOutcome.APPLIED);
    }

    List<SlaRecord.EscalationStep> escalatedSteps() {
        return listener.calls("escalated").stream().map(c -> (SlaRecord.EscalationStep) c.arg()).toList();
    }

    @Test
    void escalatesExactlyFifteenMinutesAfterTheStartWhenNobodyAcknowledged() {
        Incident opened = openAt(S, Severity.MAJOR);
        assertThat(opened.severity()).isEqualTo("CRITICAL");
        assertThat(opened.criticalSince()).isEqualTo(S);
        assertThat(opened.sla().escalation().criticalSince()).isEqualTo(S);

        tickAt(S.plus(Duration.ofMinutes(15)).minusSeconds(1));
        assertThat(listener.calls("escalated")).isEmpty();

        tickAt(S.plus(Duration.ofMinutes(15)));
        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step, SlaRecord.EscalationStep::dueAt,
                SlaRecord.EscalationStep::madeAt, SlaRecord.EscalationStep::offHours, SlaRecord.EscalationStep::to)
                .containsExactly(tuple(1, jst("2027-01-12T10:15:00"), jst("2027-01-12T10:15:00"), false,
                        List.of("leader@fujitsu-japan.example")));
        Incident stored = only();
        assertThat(stored.sla().escalation().steps()).containsExactlyElementsOf(escalatedSteps());
        TimelineEntry line = stored.timeline().get(stored.timeline().size() - 1);
        assertThat(line.type()).isEqualTo("ESCALATED");
        assertThat(line.at()).isEqualTo(jst("2027-01-12T10:15:00"));
        assertThat(line.ja()).isEqualTo("未確認のまま 15分0秒 経過したため、エスカレーション第1段階として "
                + "leader@fujitsu-japan.example に連絡します");
        assertThat(line.en()).isEqualTo("unacknowledged for 15 min 0 s: escalation step 1 to "
                + "leader@fujitsu-japan.example");
    }

    @Test
    void noEscalationWhenAcknowledgedAt14m59s() {
        openAt(S, Severity.MAJOR);
        acknowledgeAt(S.plus(Duration.ofMinutes(15)).minusSeconds(1));

        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofMinutes(30)));
        tickAt(S.plus(Duration.ofHours(2)));

        assertThat(listener.calls("escalated")).isEmpty();
        assertThat(only().sla().escalation().steps()).isEmpty();
        assertThat(only().timeline()).noneMatch(e -> e.type().equals("ESCALATED"));
    }

    @Test
    void stepTwoAtThirtyMinutesToTheNextContacts() {
        openAt(S, Severity.MAJOR);
        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofMinutes(30)).minusSeconds(1));
        assertThat(escalatedSteps()).hasSize(1);

        tickAt(S.plus(Duration.ofMinutes(30)));

        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step, SlaRecord.EscalationStep::dueAt,
                SlaRecord.EscalationStep::to)
                .containsExactly(tuple(1, jst("2027-01-12T10:15:00"), List.of("leader@fujitsu-japan.example")),
                        tuple(2, jst("2027-01-12T10:30:00"),
                                List.of("manager@fujitsu-japan.example", "cio@kurashiki.example")));
        // two steps listed: nothing after the last
        tickAt(S.plus(Duration.ofMinutes(45)));
        tickAt(S.plus(Duration.ofHours(3)));
        assertThat(escalatedSteps()).hasSize(2);
        assertThat(only().sla().escalation().steps()).extracting(SlaRecord.EscalationStep::step).containsExactly(1, 2);
    }

    @Test
    void anAcknowledgementStopsFurtherSteps() {
        openAt(S, Severity.MAJOR);
        tickAt(S.plus(Duration.ofMinutes(15)));
        acknowledgeAt(S.plus(Duration.ofMinutes(20)));

        tickAt(S.plus(Duration.ofMinutes(30)));
        tickAt(S.plus(Duration.ofMinutes(45)));

        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step).containsExactly(1);
        assertThat(only().acknowledgedAt()).isEqualTo(S.plus(Duration.ofMinutes(20)));
    }

    @Test
    void theProvisionalRecoveryStopsIt() {
        openAt(S, Severity.MAJOR);
        clock.set(S.plus(Duration.ofMinutes(10)));
        signal(up(S.plus(Duration.ofMinutes(10))));
        assertThat(only().status()).isEqualTo(IncidentStatus.MITIGATED);

        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofMinutes(30)));

        assertThat(listener.calls("escalated")).isEmpty();
    }

    @Test
    void onAHolidayTheOffHoursContactsAreMailed() {
        Instant holiday = jst("2027-01-11T10:00:00"); // 成人の日, a Monday
        openAt(holiday, Severity.MAJOR);

        tickAt(holiday.plus(Duration.ofMinutes(15)));

        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step, SlaRecord.EscalationStep::dueAt,
                SlaRecord.EscalationStep::offHours, SlaRecord.EscalationStep::to)
                .containsExactly(tuple(1, jst("2027-01-11T10:15:00"), true, List.of("night@fujitsu-japan.example")));
        assertThat(only().timeline().get(only().timeline().size() - 1).ja())
                .contains("エスカレーション第1段階（時間外）");
    }

    @Test
    void at3amOnABusinessDayTheOffHoursContactsAreMailedThenTheDayListWhereNightHasNoMore() {
        Instant start = jst("2027-01-12T02:45:00");
        openAt(start, Severity.MAJOR);

        tickAt(jst("2027-01-12T03:00:00"));
        tickAt(jst("2027-01-12T03:15:00"));

        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step, SlaRecord.EscalationStep::dueAt,
                SlaRecord.EscalationStep::offHours, SlaRecord.EscalationStep::to)
                .containsExactly(tuple(1, jst("2027-01-12T03:00:00"), true, List.of("night@fujitsu-japan.example")),
                        // the off-hours list has one step: the second is the day list's
                        tuple(2, jst("2027-01-12T03:15:00"), false,
                                List.of("manager@fujitsu-japan.example", "cio@kurashiki.example")));
    }

    @Test
    void noEscalationForMajorOrWarning() {
        serviceDown = false;
        Incident major = openAt(S, Severity.MAJOR);
        assertThat(major.severity()).isEqualTo("MAJOR");
        assertThat(major.criticalSince()).isNull();
        assertThat(major.sla().escalation()).isNull();

        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofMinutes(30)));
        tickAt(S.plus(Duration.ofHours(2)));

        assertThat(listener.calls("escalated")).isEmpty();
    }

    @Test
    void noEscalationForWarning() {
        serviceDown = false;
        Incident warning = openAt(S, Severity.WARNING);
        assertThat(warning.severity()).isEqualTo("WARNING");

        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofHours(1)));

        assertThat(listener.calls("escalated")).isEmpty();
    }

    @Test
    void theClockStartsWhenTheIncidentBecameCritical() {
        serviceDown = false;
        openAt(S, Severity.MAJOR);
        clock.set(S.plus(Duration.ofMinutes(5)));
        serviceDown = true;
        service.onServiceDown(SERVICE, S.plus(Duration.ofMinutes(5)));
        assertThat(only().criticalSince()).isEqualTo(S.plus(Duration.ofMinutes(5)));

        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofMinutes(20)).minusSeconds(1));
        assertThat(listener.calls("escalated")).isEmpty();

        tickAt(S.plus(Duration.ofMinutes(20)));
        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::dueAt)
                .containsExactly(S.plus(Duration.ofMinutes(20)));
    }

    @Test
    void aRestartedOrAnotherInstanceNeverMakesAStepTwice() {
        openAt(S, Severity.MAJOR);
        tickAt(S.plus(Duration.ofMinutes(15)));
        assertThat(escalatedSteps()).hasSize(1);

        // another instance takes the service over, from what is stored
        RecordingListener other = new RecordingListener();
        service = newService(other);
        service.restore(List.copyOf(incidents.stored.values()));
        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofMinutes(29)));
        assertThat(other.calls("escalated")).isEmpty();

        tickAt(S.plus(Duration.ofMinutes(30)));
        assertThat(other.calls("escalated")).extracting(c -> ((SlaRecord.EscalationStep) c.arg()).step())
                .containsExactly(2);
        assertThat(only().sla().escalation().steps()).extracting(SlaRecord.EscalationStep::step).containsExactly(1, 2);
    }

    @Test
    void aFailedWriteRepeatsTheSameStepOnTheNextTick() {
        openAt(S, Severity.MAJOR);
        incidents.failingSaves = 1;
        tickAt(S.plus(Duration.ofMinutes(15)));
        assertThat(only().sla().escalation().steps()).isEmpty(); // not stored

        tickAt(S.plus(Duration.ofMinutes(15)).plusSeconds(1));

        // queued twice (the outbox keeps one: the mail id is fixed by incident and step), stored once, as of its due
        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step, SlaRecord.EscalationStep::dueAt)
                .containsExactly(tuple(1, S.plus(Duration.ofMinutes(15))), tuple(1, S.plus(Duration.ofMinutes(15))));
        assertThat(only().sla().escalation().steps()).extracting(SlaRecord.EscalationStep::step,
                SlaRecord.EscalationStep::madeAt)
                .containsExactly(tuple(1, S.plus(Duration.ofMinutes(15)).plusSeconds(1)));
    }

    @Test
    void stepsThatCameDueWhileMihariWasNotRunningAreEachMade() {
        openAt(S, Severity.MAJOR);

        tickAt(S.plus(Duration.ofMinutes(40)));

        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::step, SlaRecord.EscalationStep::dueAt,
                SlaRecord.EscalationStep::madeAt)
                .containsExactly(tuple(1, S.plus(Duration.ofMinutes(15)), S.plus(Duration.ofMinutes(40))),
                        tuple(2, S.plus(Duration.ofMinutes(30)), S.plus(Duration.ofMinutes(40))));
        Incident stored = only();
        assertThat(stored.revision()).isEqualTo(2); // both steps, one write
    }

    @Test
    void theSlaRecordKeepsWhenEachStepWasSent() {
        openAt(S, Severity.MAJOR);
        tickAt(S.plus(Duration.ofMinutes(15)));
        Instant sent = S.plus(Duration.ofMinutes(15)).plusSeconds(2);

        service.reportSent("ESCALATION", "1", only().id(), sent);
        service.reportSent("ESCALATION", "1", only().id(), sent.plusSeconds(3)); // the English mail: the first counts

        assertThat(only().sla().escalation().step(1).sentAt()).isEqualTo(sent);
        assertThat(only().timeline()).filteredOn(e -> e.type().equals("ESCALATION_SENT"))
                .extracting(TimelineEntry::at, TimelineEntry::ja, TimelineEntry::en)
                .containsExactly(tuple(sent, "エスカレーション第1段階をメールで送信しました", "escalation step 1 mailed"));
    }

    @Test
    void theRecordRoundTripsAndEveryFieldIsInTheStrictIncidentsTemplate() throws Exception {
        openAt(S, Severity.MAJOR);
        tickAt(S.plus(Duration.ofMinutes(30)));
        service.reportSent("ESCALATION", "1", only().id(), S.plus(Duration.ofMinutes(31)));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        SlaRecord sla = only().sla();

        com.fasterxml.jackson.databind.JsonNode written = json.valueToTree(sla);
        assertThat(json.treeToValue(written, SlaRecord.class)).isEqualTo(sla);
        com.fasterxml.jackson.databind.JsonNode template = json.readTree(
                io.mihari.model.index.IndexTemplates.ALL.stream().filter(t -> t.name().equals("mihari-incidents"))
                        .findFirst().orElseThrow().json());
        com.fasterxml.jackson.databind.JsonNode mapped = template.at("/template/mappings/properties/sla/properties"
                + "/escalation/properties");
        com.fasterxml.jackson.databind.JsonNode escalation = written.get("escalation");
        escalation.fieldNames().forEachRemaining(f -> assertThat(mapped.has(f)).as(f).isTrue());
        escalation.get("steps").get(0).fieldNames().forEachRemaining(
                f -> assertThat(mapped.at("/steps/properties").has(f)).as("steps." + f).isTrue());
        assertThat(escalation.get("steps").get(0).get("sentAt").asText()).isEqualTo("2027-01-12T01:31:00Z");
        // a record stored before issue 20 has no escalation
        assertThat(json.readValue("{\"muted\":false}", SlaRecord.class).escalation()).isNull();
    }

    @Test
    void aServiceWithoutEscalationIsNeverEscalated() {
        Catalog none = CatalogLoader.load(new ByteArrayInputStream("""
                tenants:
                  - {id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}
                systems:
                  - {id: juki, name: {ja: 住記系, en: Resident records}}
                vendors:
                  - {id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}
                services:
                  - {id: kurashiki-juki, tenant: kurashiki, system: juki, vendor: fujitsu-japan,
                     targets: [{host: krs-juki-db1, critical: true}]}
                """.getBytes(StandardCharsets.UTF_8)), "none.yaml");
        service = new IncidentService(clock, () -> none, incidents, listener, Duration.ZERO,
                SlaPolicy.DEFAULT, Duration.ofMinutes(10), id -> true, PlannedMaintenance.NONE);
        openAt(S, Severity.MAJOR);

        tickAt(S.plus(Duration.ofHours(1)));

        assertThat(listener.calls("escalated")).isEmpty();
        assertThat(listener.calls).extracting(Call::what).doesNotContain("escalated");
    }

    /**
     * DOWN is dated at the last heartbeat, known only intervals later: the unacknowledged time counts from the
     * opening, not from that earlier start, so no step is owed the moment the incident opens.
     */
    @Test
    void aDownKnownLateEscalatesFromTheOpening() {
        Instant lastHeartbeat = S.minus(Duration.ofMinutes(15));
        clock.set(S);
        signal(down(lastHeartbeat, Severity.MAJOR));
        tickAt(S);
        assertThat(only().startedAt()).isEqualTo(lastHeartbeat);
        assertThat(only().criticalSince()).isEqualTo(S);

        tickAt(S.plusSeconds(1));
        assertThat(escalatedSteps()).isEmpty();
        tickAt(S.plus(Duration.ofMinutes(15)));
        assertThat(escalatedSteps()).extracting(SlaRecord.EscalationStep::dueAt)
                .containsExactly(S.plus(Duration.ofMinutes(15)));
    }

    /** Once the service is no longer DOWN, a problem left in the incident (a disk warning) pages nobody. */
    @Test
    void noStepOnceTheServiceIsNoLongerDown() {
        openAt(S, Severity.MAJOR);
        serviceDown = false;
        tickAt(S.plus(Duration.ofMinutes(15)));
        tickAt(S.plus(Duration.ofHours(1)));
        assertThat(escalatedSteps()).isEmpty();
    }
}
