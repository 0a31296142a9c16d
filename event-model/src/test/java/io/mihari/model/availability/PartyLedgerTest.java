package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Status;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.ComponentType;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Issue 19: the ledger of a service month (its downtime split by responsible party) and the availability of a
 * city's components per type with no redundancy credit. Sample catalog, December 2026 (31 days, JST, around the
 * clock): a month is 2,678,400,000 ms per service or component. Every figure is computed by hand in the comments.
 */
class PartyLedgerTest {

    static final Catalog SAMPLE = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml"));
    static final YearMonth DEC = YearMonth.of(2026, 12);
    static final Instant LATER = jst("2027-06-01T00:00");
    static final long MONTH = 2_678_400_000L;
    static final long HOUR = 3_600_000L;
    static final Service JUKI = SAMPLE.service("kurashiki-juki").orElseThrow();
    static final Service CLOUD = SAMPLE.service("kurashiki-cloud").orElseThrow();
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String RDS1 = "kurashiki/krs-hf-rds1";

    static Instant jst(String local) {
        return OffsetDateTime.parse(local + "+09:00").toInstant();
    }

    /** Every target of the city's services UP from the month's first instant. */
    static Map<String, List<TargetTransition>> allUp(String tenant) {
        Map<String, List<TargetTransition>> out = new HashMap<>();
        for (Service s : SAMPLE.services()) {
            if (s.tenant().equals(tenant)) {
                List<TargetTransition> list = new ArrayList<>();
                for (Target t : s.targets()) {
                    list.add(new TargetTransition(t.id(), jst("2026-12-01T00:00"), "UP", "TEST"));
                }
                out.put(s.id(), list);
            }
        }
        return out;
    }

    static void down(Map<String, List<TargetTransition>> transitions, Service s, String targetId, String from,
            String to) {
        transitions.get(s.id()).add(new TargetTransition(targetId, jst(from), "DOWN", "TEST"));
        transitions.get(s.id()).add(new TargetTransition(targetId, jst(to), "UP", "TEST"));
    }

    /** The service's figure: attributions as {@code Catalog.attributionForFigure} reads them (as the reader maps). */
    static Availability figure(Service s, List<TargetTransition> transitions, List<Attribution> recorded) {
        List<Attribution> forFigure = recorded.stream().map(a -> new Attribution(a.start(), a.end(),
                SAMPLE.attributionForFigure(s, a.attribution()), a.incidentId())).toList();
        return AvailabilityCalculator.compute(s, DEC, LATER, transitions, List.of(), forFigure, List.of());
    }

    static Attribution attribution(String from, String to, String attribution, String incidentId) {
        return new Attribution(jst(from), jst(to), attribution, incidentId);
    }

    static Map<String, ComponentAvailability.Inputs> inputs(Map<String, List<TargetTransition>> transitions,
            Map<String, List<Attribution>> attributions) {
        Map<String, ComponentAvailability.Inputs> in = new HashMap<>();
        transitions.forEach((id, list) -> in.put(id, new ComponentAvailability.Inputs(list, List.of(),
                attributions.getOrDefault(id, List.of()))));
        return in;
    }

    @Test
    void theLedgerSplitsTheDowntimeByPartyAndReattributionMovesTheSecondsWithoutChangingTheSum() {
        Map<String, List<TargetTransition>> t = allUp("kurashiki");
        // DB1 (critical) down 10 Dec 10:00–12:00 (2 h) and 20 Dec 09:00–09:20 (20 min): 8,400,000 ms
        down(t, JUKI, DB1, "2026-12-10T10:00", "2026-12-10T12:00");
        down(t, JUKI, DB1, "2026-12-20T09:00", "2026-12-20T09:20");
        List<TargetTransition> juki = t.get(JUKI.id());

        // i1 (10:00–12:00) attributed to the app vendor, i2 (the 20 min) external: fujitsu 7,200,000, EXTERNAL 1,200,000
        Attribution i2 = attribution("2026-12-20T09:00", "2026-12-20T09:20", "EXTERNAL", "i2");
        Ledger before = Ledger.of(SAMPLE, JUKI, figure(JUKI, juki,
                List.of(attribution("2026-12-10T10:00", "2026-12-10T12:00", "VENDOR", "i1"), i2)));
        assertThat(before.downtimeMs()).isEqualTo(8_400_000L);
        assertThat(before.shares()).containsExactly(Map.entry("fujitsu-japan", 7_200_000L),
                Map.entry(Ledger.EXTERNAL, 1_200_000L));

        // re-attributed CLOUD: the 2 h move to the city's cloud provider, the sum is unchanged
        Availability cloudFigure = figure(JUKI, juki,
                List.of(attribution("2026-12-10T10:00", "2026-12-10T12:00", "CLOUD", "i1"), i2));
        Ledger after = Ledger.of(SAMPLE, JUKI, cloudFigure);
        assertThat(after.shares()).containsExactly(Map.entry("gov-cloud", 7_200_000L),
                Map.entry(Ledger.EXTERNAL, 1_200_000L));
        assertThat(after.entries()).extracting(Ledger.Entry::party, Ledger.Entry::attribution,
                Ledger.Entry::incidentId, Ledger.Entry::ms).containsExactly(
                tuple("gov-cloud", "CLOUD", "i1", 7_200_000L), tuple(Ledger.EXTERNAL, "EXTERNAL", "i2", 1_200_000L));
        assertThat(after.shares().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(before.shares().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(8_400_000L);
        // the app vendor's figure counts none of it now
        assertThat(cloudFigure.contractualDowntimeMs()).isZero();

        // half of i1 (11:00–12:00) the carrier's, the rest the app vendor's; PLANNED is nobody's
        Ledger split = Ledger.of(SAMPLE, JUKI, figure(JUKI, juki, List.of(
                attribution("2026-12-10T11:00", "2026-12-10T12:00", "CARRIER", "i3"),
                attribution("2026-12-20T09:00", "2026-12-20T09:20", "PLANNED", "i4"))));
        assertThat(split.shares()).containsExactly(Map.entry("fujitsu-japan", HOUR), Map.entry("west-net", HOUR),
                Map.entry(Ledger.PLANNED, 1_200_000L));
        assertThat(split.share("gov-cloud")).isZero();
    }

    @Test
    void cloudOnTheProvidersOwnServiceCountsAgainstIt() {
        Map<String, List<TargetTransition>> t = allUp("kurashiki");
        // RDS down 10 Dec 10:00–12:00 (critical): 7,200,000 ms; attributed CLOUD = the provider's own
        down(t, CLOUD, RDS1, "2026-12-10T10:00", "2026-12-10T12:00");
        Availability a = figure(CLOUD, t.get(CLOUD.id()),
                List.of(attribution("2026-12-10T10:00", "2026-12-10T12:00", "CLOUD", "i9")));
        assertThat(a.contractualDowntimeMs()).isEqualTo(7_200_000L);
        // 1 − 7.2e6 / 2,678,400,000 = 99.7311… %
        assertThat(a.contractualAvailabilityPercent()).isEqualByComparingTo("99.731");
        assertThat(Ledger.of(SAMPLE, CLOUD, a).shares()).containsExactly(Map.entry("gov-cloud", 7_200_000L));
    }

    @Test
    void aVirtualServerDownBehindItsRedundancyGroupIsTheProvidersDowntimeAndNotTheAppVendors() {
        Map<String, List<TargetTransition>> t = allUp("kurashiki");
        down(t, JUKI, AP1, "2026-12-10T10:00", "2026-12-10T11:00");
        Availability juki = figure(JUKI, t.get(JUKI.id()), List.of());
        assertThat(juki.downtimeMs()).isZero();
        assertThat(juki.contractualAvailabilityPercent()).isEqualByComparingTo("100.000");
        assertThat(Ledger.of(SAMPLE, JUKI, juki).shares()).isEmpty();

        ComponentAvailability vms = ComponentAvailability.compute(SAMPLE, "kurashiki", ComponentType.VIRTUAL_SERVER,
                DEC, LATER, inputs(t, Map.of()));
        assertThat(vms.partyId()).isEqualTo("gov-cloud");
        assertThat(vms.target()).isEqualByComparingTo("99.5");
        assertThat(vms.items()).hasSize(20);
        // 20 virtual servers × 2,678,400,000 = 53,568,000,000 ms planned; 3,600,000 down and counted
        assertThat(vms.plannedMs()).isEqualTo(53_568_000_000L);
        assertThat(vms.downtimeMs()).isEqualTo(HOUR);
        assertThat(vms.countedDowntimeMs()).isEqualTo(HOUR);
        assertThat(vms.noDataMs()).isZero();
        // (53,568,000,000 − 3,600,000) / 53,568,000,000 = 99.99327… %
        assertThat(vms.availabilityPercent()).isEqualByComparingTo("99.993");
        assertThat(vms.status()).isEqualTo(Status.MET);
        assertThat(vms.componentsBelowTarget()).isZero();
        // 1 − 3,600,000 / 2,678,400,000 = 99.86559… %
        assertThat(vms.worst()).isEqualTo(new ComponentAvailability.Worst(AP1, new BigDecimal("99.865")));
        ComponentAvailability.Item ap1 = vms.items().get(0);
        assertThat(ap1.targetId()).isEqualTo(AP1);
        assertThat(ap1.serviceId()).isEqualTo(JUKI.id());
        assertThat(ap1.plannedMs()).isEqualTo(MONTH);
        assertThat(ap1.downtimeMs()).isEqualTo(HOUR);
        assertThat(ap1.countedDowntimeMs()).isEqualTo(HOUR);
        assertThat(ap1.lines()).extracting(ComponentAvailability.Down::start, ComponentAvailability.Down::ms,
                ComponentAvailability.Down::attribution, ComponentAvailability.Down::party,
                ComponentAvailability.Down::counted)
                .containsExactly(tuple(jst("2026-12-10T10:00"), HOUR, null, "gov-cloud", true));
        assertThat(vms.items().get(1).availabilityPercent()).isEqualByComparingTo("100.000");
    }

    @Test
    void timeAnIncidentAttributesToAnotherPartyIsNotTheOwnersAndTheOwnersStaysCounted() {
        Map<String, List<TargetTransition>> t = allUp("kurashiki");
        // AP1 down 10:00–24:00 (14 h = 50,400,000); i1 (VENDOR: the app vendor) covers 10:00–12:00, i2 (CLOUD) 12:00–13:00
        down(t, JUKI, AP1, "2026-12-10T10:00", "2026-12-11T00:00");
        Map<String, List<Attribution>> recorded = Map.of(JUKI.id(), List.of(
                attribution("2026-12-10T10:00", "2026-12-10T12:00", "VENDOR", "i1"),
                attribution("2026-12-10T12:00", "2026-12-10T13:00", "CLOUD", "i2")));
        ComponentAvailability vms = ComponentAvailability.compute(SAMPLE, "kurashiki", ComponentType.VIRTUAL_SERVER,
                DEC, LATER, inputs(t, recorded));
        ComponentAvailability.Item ap1 = vms.items().get(0);
        assertThat(ap1.downtimeMs()).isEqualTo(14 * HOUR);
        // 14 h − the app vendor's 2 h = 12 h = 43,200,000
        assertThat(ap1.countedDowntimeMs()).isEqualTo(12 * HOUR);
        assertThat(vms.countedDowntimeMs()).isEqualTo(12 * HOUR);
        // 1 − 43,200,000 / 2,678,400,000 = 98.3870… %: below 99.5
        assertThat(ap1.availabilityPercent()).isEqualByComparingTo("98.387");
        assertThat(ap1.status()).isEqualTo(Status.BREACHED);
        assertThat(vms.componentsBelowTarget()).isEqualTo(1);
        assertThat(vms.worst().targetId()).isEqualTo(AP1);
        // type: 1 − 43,200,000 / 53,568,000,000 = 99.91935… %; budget 267,840,000, less than half used: MET
        assertThat(vms.availabilityPercent()).isEqualByComparingTo("99.919");
        assertThat(vms.status()).isEqualTo(Status.MET);
        assertThat(ap1.lines()).extracting(ComponentAvailability.Down::ms, ComponentAvailability.Down::attribution,
                ComponentAvailability.Down::party, ComponentAvailability.Down::counted,
                ComponentAvailability.Down::incidentId).containsExactly(
                tuple(2 * HOUR, "VENDOR", "fujitsu-japan", false, "i1"),
                tuple(HOUR, "CLOUD", "gov-cloud", true, "i2"),
                tuple(11 * HOUR, null, "gov-cloud", true, null));
    }

    @Test
    void linesAreTheCarriersAndAMonthWithoutDataIsInsufficientData() {
        ComponentAvailability lines = ComponentAvailability.compute(SAMPLE, "kurashiki", ComponentType.LINE, DEC,
                LATER, Map.of());
        assertThat(lines.partyId()).isEqualTo("west-net");
        assertThat(lines.items()).extracting(ComponentAvailability.Item::targetId)
                .containsExactly("kurashiki/krs-line-a", "kurashiki/krs-line-b");
        assertThat(lines.plannedMs()).isEqualTo(2 * MONTH);
        assertThat(lines.noDataMs()).isEqualTo(2 * MONTH);
        assertThat(lines.availabilityPercent()).isNull();
        assertThat(lines.coveragePercent()).isEqualByComparingTo("0.000");
        assertThat(lines.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(lines.worst()).isNull();
        assertThat(lines.componentsBelowTarget()).isZero();
    }

    @Test
    void aRunningMonthDownNowIsAtRisk() {
        Map<String, List<TargetTransition>> t = allUp("kurashiki");
        t.get(CLOUD.id()).add(new TargetTransition(RDS1, jst("2026-12-10T10:00"), "DOWN", "TEST"));
        // as of 10 Dec 10:30: planned 9 days 10.5 h = 226.5 h = 815,400,000 ms; down 1,800,000
        ComponentAvailability db = ComponentAvailability.compute(SAMPLE, "kurashiki", ComponentType.DATABASE, DEC,
                jst("2026-12-10T10:30"), inputs(t, Map.of()));
        assertThat(db.plannedMs()).isEqualTo(815_400_000L);
        assertThat(db.countedDowntimeMs()).isEqualTo(1_800_000L);
        assertThat(db.status()).isEqualTo(Status.AT_RISK);
        assertThat(db.items().get(0).lines().get(0).ongoing()).isTrue();
    }

    @Test
    void aComponentTypeBelowItsTargetFallsInTheOwnersPenaltyTier() {
        // the managed database down 10 Dec 10:00–15:00 (5 h) of a 744 h month: (744 − 5) / 744 = 99.327 %
        Map<String, List<TargetTransition>> t = allUp("kurashiki");
        down(t, CLOUD, RDS1, "2026-12-10T10:00", "2026-12-10T15:00");
        ComponentAvailability db = ComponentAvailability.compute(SAMPLE, "kurashiki", ComponentType.DATABASE, DEC,
                LATER, inputs(t, Map.of()));
        assertThat(db.availabilityPercent()).isEqualByComparingTo("99.327");
        assertThat(db.status()).isEqualTo(Status.BREACHED);
        assertThat(db.penaltyTier().name()).as("gov-cloud's own tiers: below 99.5, not below 99.0").isEqualTo("返還1");
        // the provider's own service takes the provider's tiers; the app vendors' keep the defaults'
        assertThat(SAMPLE.penaltyTiers("kurashiki-cloud")).extracting(PenaltyTier::name)
                .containsExactly("返還1", "返還2", "返還3");
        assertThat(SAMPLE.penaltyTiers("kurashiki-juki")).extracting(PenaltyTier::name)
                .containsExactly("減額1", "減額2", "減額3");
        assertThat(figure(CLOUD, t.get(CLOUD.id()), List.of()).penaltyTier())
                .as("the service month, computed with no tiers here").isNull();
        // an hour of one virtual server among twenty stays far above the target: no tier
        Map<String, List<TargetTransition>> v = allUp("kurashiki");
        down(v, JUKI, "kurashiki/krs-juki-ap1", "2026-12-10T10:00", "2026-12-10T11:00");
        assertThat(ComponentAvailability.compute(SAMPLE, "kurashiki", ComponentType.VIRTUAL_SERVER, DEC, LATER,
                inputs(v, Map.of())).penaltyTier()).isNull();
    }
}
