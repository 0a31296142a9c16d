package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.detect.StatusTransition;
import io.mihari.alert.detect.TargetStatus;
import io.mihari.alert.incident.ServiceStatusTracker.ServiceTransition;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Environments 本番系・検証系 (issue 20) in incident management: a problem only on test or temporary targets opens a
 * quiet incident (dashboard only: nobody mailed, no SLA clock, no escalation, the timeline says why); {@code
 * notified: true} mails as usual; a production problem joining a quiet incident makes it an ordinary one from then on.
 * Grouping wait 5 s, open at once when critical, first report due 60 min after detection, escalation after 15 min.
 */
class EnvironmentIncidentTest {

    static final String CATALOG = """
            tenants:
              - id: kurashiki
                name: {ja: 倉敷市, en: Kurashiki}
                contacts:
                  - {email: dx@kurashiki.example, language: ja}
                escalation:
                  after: 15m
                  steps:
                    - contacts: [{email: leader@fujitsu-japan.example, language: ja}]
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
                  - {host: krs-juki-ap1, role: AP/WEB, redundancyGroup: ap-web}
                  - {host: krs-juki-ap2, role: AP/WEB, redundancyGroup: ap-web}
                  - {host: krs-juki-db1, role: BT/DB, critical: true}
                  - {host: krs-juki-db1-test, role: BT/DB, critical: true, environment: test}
                  - {host: krs-juki-rep1, role: BT/DB, environment: temporary, notified: true}
              - id: kurashiki-juki-test
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                environment: test
                targets:
                  - {host: krs-juki-test-ap1, role: AP/WEB, critical: true}
            """;

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String SERVICE = "kurashiki-juki";
    static final String TEST_SERVICE = "kurashiki-juki-test";
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String DB1_TEST = "kurashiki/krs-juki-db1-test";
    static final String REP1 = "kurashiki/krs-juki-rep1";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String TEST_AP1 = "kurashiki/krs-juki-test-ap1";
    static final String FIRST = "INC-20261126-0001";

    final MutableClock clock = new MutableClock(T0);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final RecordingListener mail = new RecordingListener();
    final Set<String> downServices = new HashSet<>();
    Catalog catalog;
    IncidentService service;
    long offset;

    @BeforeEach
    void setUp() {
        catalog = CatalogLoader.load(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), "env.yaml");
        service = new IncidentService(clock, () -> catalog, incidents, mail, Duration.ofSeconds(5), true,
                SlaPolicy.DEFAULT, Duration.ofMinutes(15), downServices::contains, PlannedMaintenance.NONE);
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Alert down(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, target, t(second),
                "HEARTBEAT_MISSING", target + " is down: no heartbeat since " + t(second));
    }

    static Alert up(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, false, target, t(second),
                "HEARTBEAT_RECEIVED", target + " is up again");
    }

    void signal(String serviceId, Alert alert) {
        service.onAlert(serviceId, alert, clock.instant(), ++offset);
    }

    void at(long second) {
        clock.set(t(second));
        service.tick();
    }

    Incident stored() {
        return incidents.stored.get(FIRST);
    }

    @Test
    void aTestHostGoingDownOpensAQuietIncidentThatMailsNobody() {
        signal(SERVICE, down(DB1_TEST, -30)); // critical in its own environment: opens at once, but quietly
        at(0);

        Incident incident = stored();
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.quiet()).isTrue();
        assertThat(incident.planned()).isFalse();
        assertThat(incident.attribution()).isNull();
        assertThat(incident.sla().muted()).isTrue();
        assertThat(incident.sla().nextStatusReportDue()).isNull();
        assertThat(incident.affectedTargets()).containsExactly(DB1_TEST);
        assertThat(incident.timeline()).extracting(TimelineEntry::type).containsExactly("TARGET_DOWN", "INCIDENT_OPENED",
                "NOT_NOTIFIED");
        TimelineEntry why = incident.timeline().get(2);
        assertThat(why.at()).isEqualTo(t(0));
        assertThat(why.ja()).isEqualTo("検証系のため通知しません（kurashiki/krs-juki-db1-test）");
        assertThat(why.en()).isEqualTo("test environment: not notified (kurashiki/krs-juki-db1-test)");

        // two hours on: no first report, no status report, no reminder, no escalation
        for (long s = 60; s <= 7200; s += 60) {
            at(s);
        }
        // back after 2 h 30 s: provisionally recovered, no recovery report and no written report asked for
        signal(SERVICE, up(DB1_TEST, 7200));
        at(7260);
        for (long s = 7320; s <= 7200 + 8 * 86_400; s += 3600) {
            at(s);
        }
        assertThat(stored().status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(stored().mitigatedAt()).isEqualTo(t(7200));
        assertThat(stored().sla().recoveryReport()).isNull();
        assertThat(stored().sla().postIncidentReport()).isNull();
        assertThat(mail.calls).isEmpty();
    }

    @Test
    void aNotifiedTemporaryHostIsMailedAsUsual() {
        signal(SERVICE, down(REP1, -30));
        at(5);

        assertThat(stored().quiet()).isFalse();
        assertThat(stored().sla().firstReport().dueAt()).isEqualTo(t(3600));
        assertThat(stored().sla().nextStatusReportDue()).isEqualTo(t(5 + 3600));
        assertThat(mail.calls).extracting(RecordingListener.Call::what).containsExactly("opened");
    }

    @Test
    void aProductionProblemJoiningAQuietIncidentMakesItAnOrdinaryOne() {
        signal(SERVICE, down(DB1_TEST, -30));
        at(0);
        at(600);
        assertThat(mail.calls).isEmpty();

        // ten minutes later the production database goes down too: detected at 600 s, applied at 602 s
        clock.set(t(602));
        service.onAlert(SERVICE, down(DB1, 590), t(600), ++offset);

        Incident incident = stored();
        assertThat(incident.quiet()).isFalse();
        assertThat(incident.sla().muted()).isFalse();
        assertThat(incident.affectedTargets()).containsExactly(DB1_TEST, DB1);
        // the first report clock starts with the production problem: due 60 min after its detection, made now
        assertThat(incident.sla().firstReport().dueAt()).isEqualTo(t(600 + 3600));
        assertThat(incident.sla().firstReport().madeAt()).isEqualTo(t(602));
        assertThat(incident.sla().nextStatusReportDue()).isEqualTo(t(602 + 3600));
        TimelineEntry notified = incident.timeline().get(incident.timeline().size() - 1);
        assertThat(notified.type()).isEqualTo("NOTIFIED");
        assertThat(notified.at()).isEqualTo(t(602));
        assertThat(notified.ja()).isEqualTo("本番系の事象が加わったため、ここから通知します（kurashiki/krs-juki-db1）");
        assertThat(incident.revision()).isEqualTo(2); // one write
        assertThat(mail.calls).extracting(c -> c.what(), c -> c.incident().id()).containsExactly(tuple("opened",
                FIRST));

        // from then on the hourly status report runs as for any incident
        at(602 + 3600);
        assertThat(mail.calls).extracting(RecordingListener.Call::what).containsExactly("opened", "statusReport");
    }

    @Test
    void aGroupWithAProductionProblemIsNotQuiet() {
        signal(SERVICE, down(DB1_TEST, -30));
        signal(SERVICE, down(AP1, -28)); // not critical: the group waits 5 s
        at(5);
        assertThat(stored().quiet()).isFalse();
        assertThat(stored().timeline()).extracting(TimelineEntry::type).doesNotContain("NOT_NOTIFIED");
        assertThat(mail.calls).extracting(RecordingListener.Call::what).containsExactly("opened");
    }

    @Test
    void aWholeTestEnvironmentDownIsCriticalButNeverEscalates() {
        downServices.add(TEST_SERVICE);
        signal(TEST_SERVICE, down(TEST_AP1, -30));
        at(0);
        assertThat(stored().severity()).isEqualTo("CRITICAL");
        assertThat(stored().quiet()).isTrue();
        for (long s = 60; s <= 3600; s += 60) {
            at(s); // the escalation would be due at -30 s + 15 min
        }
        assertThat(stored().sla().escalation().steps()).isEmpty();
        assertThat(mail.calls).isEmpty();
    }

    @Test
    void aTestHostChangesNoServiceStatus() {
        ServiceStatusTracker tracker = new ServiceStatusTracker(() -> catalog);
        for (String id : new String[] {AP1, "kurashiki/krs-juki-ap2", DB1, DB1_TEST, REP1}) {
            tracker.apply(transition(id, TargetStatus.UNKNOWN, TargetStatus.UP, 0));
        }
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UP);

        // the critical test database and the temporary replica down: the service stays UP, no transition
        assertThat(tracker.apply(transition(DB1_TEST, TargetStatus.UP, TargetStatus.DOWN, 10))).isEmpty();
        assertThat(tracker.apply(transition(REP1, TargetStatus.UP, TargetStatus.DOWN, 11))).isEmpty();
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UP);

        // the production database down: DOWN, caused by it
        Optional<ServiceTransition> down = tracker.apply(transition(DB1, TargetStatus.UP, TargetStatus.DOWN, 20));
        assertThat(down).hasValueSatisfying(s -> {
            assertThat(s.to()).isEqualTo(ServiceStatus.DOWN);
            assertThat(s.at()).isEqualTo(t(20));
            assertThat(s.targetId()).isEqualTo(DB1);
        });
    }

    static StatusTransition transition(String targetId, TargetStatus from, TargetStatus to, long second) {
        return new StatusTransition(targetId, SERVICE, "kurashiki", "juki",
                targetId.substring("kurashiki/".length()), from, to, t(second), t(second), "HEARTBEAT");
    }
}
