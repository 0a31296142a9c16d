package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Kind;
import io.mihari.model.availability.Availability.Line;
import io.mihari.model.availability.Availability.Status;
import io.mihari.model.catalog.Environment;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.ServiceHours;
import io.mihari.model.catalog.Target;
import io.mihari.model.status.ServiceStatusRule;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Environments 本番系・検証系 (issue 20): a test or temporary target never changes its service's status nor its
 * availability; a service of test targets only is not measured. November 2026, 24×7, Asia/Tokyo, 99.5 %:
 * 30 days = 43,200 min = 2,592,000,000 ms planned, budget 216 min = 12,960,000 ms.
 */
class EnvironmentAvailabilityTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final YearMonth NOV = YearMonth.of(2026, 11);
    static final Instant LATER = jst("2027-01-01T00:00");
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String DB1 = "kurashiki/krs-juki-db1";
    /** A verification replica of the database, marked critical like the real one. */
    static final String DB1T = "kurashiki/krs-juki-db1-test";

    static Instant jst(String local) {
        return OffsetDateTime.parse(local + "+09:00").toInstant();
    }

    static Target target(String id, boolean critical, String group) {
        return new Target(id, id.substring(id.indexOf('/') + 1), "AP", critical, group, Duration.ofSeconds(30));
    }

    static Service service(Environment replica, Target... others) {
        List<Target> targets = Stream.concat(Stream.of(others),
                Stream.of(target(DB1T, true, null).withEnvironment(replica, false))).toList();
        return new Service("kurashiki-juki", "kurashiki", "juki", "fujitsu-japan", new BigDecimal("99.5"), TOKYO,
                targets, List.of(), ServiceHours.ALWAYS, List.of());
    }

    static Service juki(Environment replica) {
        return service(replica, target(AP1, false, "ap"), target(AP2, false, "ap"), target(DB1, true, null));
    }

    static TargetTransition t(String id, String jst, String to) {
        return new TargetTransition(id, jst(jst), to, TargetTransition.DOWN.equals(to) ? "HEARTBEAT_MISSING"
                : "HEARTBEAT_RECEIVED");
    }

    /** Every target UP before November; the replica DOWN 10th 10:00–14:00, DB1 DOWN 12th 09:00–09:30 and 10:00–… */
    static List<TargetTransition> month() {
        return List.of(
                t(AP1, "2026-10-31T12:00", "UP"), t(AP2, "2026-10-31T12:00", "UP"), t(DB1, "2026-10-31T12:00", "UP"),
                t(DB1T, "2026-10-31T12:00", "UP"),
                t(DB1T, "2026-11-10T10:00", "DOWN"), t(DB1T, "2026-11-10T14:00", "UP"),
                // both down together: the line names the production server only
                t(DB1T, "2026-11-12T09:00", "DOWN"), t(DB1, "2026-11-12T09:00", "DOWN"),
                t(DB1, "2026-11-12T09:30", "UP"), t(DB1T, "2026-11-12T11:00", "UP"),
                // the replica down for the rest of the month
                t(DB1T, "2026-11-20T00:00", "DOWN"));
    }

    @Test
    void aTestHostGoingDownChangesNoAvailability() {
        Availability a = AvailabilityCalculator.compute(juki(Environment.TEST), NOV, LATER, month(), List.of(),
                List.of(), List.of());

        assertThat(a.plannedMs()).isEqualTo(2_592_000_000L);
        // only DB1's 30 minutes: 1,800,000 ms → (2,592,000,000 − 1,800,000) / 2,592,000,000 = 99.9305… → 99.930
        assertThat(a.downtimeMs()).isEqualTo(1_800_000L);
        assertThat(a.noDataMs()).isZero();
        assertThat(a.availabilityPercent()).isEqualByComparingTo("99.930");
        assertThat(a.contractualAvailabilityPercent()).isEqualByComparingTo("99.930");
        assertThat(a.budgetMs()).isEqualTo(12_960_000L);
        assertThat(a.budgetLeftMs()).isEqualTo(11_160_000L);
        assertThat(a.status()).isEqualTo(Status.MET);
        assertThat(a.intervals()).filteredOn(l -> l.kind() == Kind.DOWN)
                .extracting(Line::start, Line::end, Line::targets)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(jst("2026-11-12T09:00"), jst("2026-11-12T09:30"),
                        List.of(DB1)));
        assertThat(a.days().get(9).downtimeMs()).isZero(); // 10 November: the replica's 4 hours count for nothing

        // the same replica in production would be a critical server: 4 h + 2 h + 10 d 15 h more
        Availability production = AvailabilityCalculator.compute(juki(Environment.PRODUCTION), NOV, LATER, month(),
                List.of(), List.of(), List.of());
        // 10th 4 h = 14,400,000; 12th 09:00–11:00 = 7,200,000; 20th 00:00 → 1 Dec 00:00 = 11 d = 950,400,000
        assertThat(production.downtimeMs()).isEqualTo(14_400_000L + 7_200_000L + 950_400_000L);
        assertThat(production.status()).isEqualTo(Status.BREACHED);
    }

    @Test
    void aTemporaryHostIsLikeATestOne() {
        Availability a = AvailabilityCalculator.compute(juki(Environment.TEMPORARY), NOV, LATER, month(), List.of(),
                List.of(), List.of());
        assertThat(a.downtimeMs()).isEqualTo(1_800_000L);
        assertThat(a.availabilityPercent()).isEqualByComparingTo("99.930");
    }

    @Test
    void aTestHostChangesNoServiceStatus() {
        Service juki = juki(Environment.TEST);
        Map<String, String> replicaDown = Map.of(AP1, "UP", AP2, "UP", DB1, "UP", DB1T, "DOWN");
        // not DOWN (it is critical) and not even DEGRADED: a test server is not part of the service's status
        assertThat(ServiceStatusRule.evaluate(juki, replicaDown)).isEqualTo(ServiceStatus.UP);
        // without data from it: still UP (its silence is no unknown of the service)
        assertThat(ServiceStatusRule.evaluate(juki, Map.of(AP1, "UP", AP2, "UP", DB1, "UP")))
                .isEqualTo(ServiceStatus.UP);
        assertThat(ServiceStatusRule.evaluate(juki, Map.of(AP1, "UP", AP2, "UP", DB1, "DOWN", DB1T, "UP")))
                .isEqualTo(ServiceStatus.DOWN);
        // in production the same replica would take the service down
        assertThat(ServiceStatusRule.evaluate(juki(Environment.PRODUCTION), replicaDown))
                .isEqualTo(ServiceStatus.DOWN);
    }

    @Test
    void aWholeTestEnvironmentIsShownButNotMeasured() {
        // the service is the replica alone: a 検証系 environment
        Service verification = service(Environment.TEST);
        assertThat(verification.measured()).isFalse();
        assertThat(ServiceStatusRule.evaluate(verification, Map.of(DB1T, "DOWN"))).isEqualTo(ServiceStatus.DOWN);

        Availability a = AvailabilityCalculator.compute(verification, NOV, LATER, month(), List.of(), List.of(),
                List.of());
        assertThat(a.plannedMonthMs()).isZero();
        assertThat(a.plannedMs()).isZero();
        assertThat(a.downtimeMs()).isZero();
        assertThat(a.budgetMs()).isZero();
        assertThat(a.availabilityPercent()).isNull();
        assertThat(a.coveragePercent()).isNull();
        assertThat(a.status()).isEqualTo(Status.MET); // nothing planned is nothing owed, shown '—'
        assertThat(a.penaltyTier()).isNull();
        assertThat(a.intervals()).isEmpty();
        assertThat(a.days()).hasSize(30).allSatisfy(d -> assertThat(d.plannedMs()).isZero());

        // down at the end of a running month: still nothing at risk
        Availability running = AvailabilityCalculator.compute(verification, NOV, jst("2026-11-25T00:00"), month(),
                List.of(), List.of(), List.of());
        assertThat(running.status()).isEqualTo(Status.MET);
        assertThat(running.availabilityPercent()).isNull();
    }
}
