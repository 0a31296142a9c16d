package io.mihari.model.catalog;

import io.mihari.model.catalog.ResourceThresholds.Level;
import io.mihari.model.catalog.ResourceThresholds.Metric;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogLoaderTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String valid() throws Exception {
        try (InputStream in = CatalogLoaderTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void loadsServicesTargetsAndDefaults() throws Exception {
        Catalog catalog = load(valid());

        Service service = catalog.service("kurashiki-juki").orElseThrow();
        assertThat(service.availabilityTarget()).isEqualByComparingTo(new BigDecimal("99.5"));
        assertThat(service.timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(service.targets()).extracting(Target::id)
                .containsExactly("kurashiki/krs-juki-ap1", "kurashiki/krs-juki-ap2", "kurashiki/krs-juki-db1");
        assertThat(catalog.target("kurashiki/krs-juki-db1").orElseThrow().heartbeatInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(catalog.target("kurashiki/krs-juki-ap1").orElseThrow().heartbeatInterval())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(catalog.serviceOfTarget("kurashiki/krs-juki-ap2")).contains(service);
        assertThat(catalog.tenant("kurashiki").contacts()).singleElement()
                .extracting(Contact::language).isEqualTo(Language.JA);
        assertThat(catalog.vendor("fujitsu-japan").contacts().get(0).language()).isEqualTo(Language.EN);
    }

    @Test
    void unknownKeyIsReportedWithLineColumnAndPath() throws Exception {
        String yaml = valid().replace("role: BT/DB", "rol: BT/DB");

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("test.yaml:24:30: ")
                .hasMessageContaining("services[0].targets[2].rol: unknown key");
    }

    /**
     * One load reports every kind of problem at once — syntax aside — each at the line and column of the text to
     * change: a bad value at the value, an unknown or duplicate key at the key, a missing key at its mapping.
     */
    @Test
    void everyProblemIsListedAtOnceWithItsLineAndColumn() throws Exception {
        try (InputStream in = CatalogLoaderTest.class.getResourceAsStream("/catalog/many-problems.yaml")) {
            assertThatThrownBy(() -> CatalogLoader.load(in, "many-problems.yaml"))
                    .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.located()).containsExactly(
                    new CatalogProblem(3, 23, "defaults.availabilityTarget", "must be a number, was 'lots'"),
                    new CatalogProblem(6, 5, "tenants[0].name", "both name.ja and name.en are required"),
                    new CatalogProblem(8, 60, "tenants[0].contacts[0].language",
                            "language must be 'ja' or 'en', was 'fr'"),
                    new CatalogProblem(9, 5, "tenants[1].name", "is required"),
                    new CatalogProblem(10, 5, "tenants[1].nmae",
                            "unknown key (known keys: id, name, contacts, requireSecondFactor, cloudProvider, carrier,"
                                    + " calendar, escalation)"),
                    new CatalogProblem(21, 13, "services[0].vendor",
                            "unknown vendor 'nobody' (known: fujitsu-japan)"),
                    new CatalogProblem(23, 54, "services[0].targets[0].critical",
                            "must be true or false, was 'maybe'"),
                    new CatalogProblem(24, 16, "services[0].targets[1].host",
                            "'krs-juki-ap1' is already listed for tenant kurashiki"),
                    new CatalogProblem(25, 30, "services[0].targets[2].rol", "unknown key (known keys: host, role,"
                            + " critical, redundancyGroup, heartbeatInterval, checks, resources, component, latency,"
                            + " environment, notified)"),
                    new CatalogProblem(25, 61, "services[0].targets[2].heartbeatInterval",
                            "'soon' is not a duration (e.g. 10s, 5m, PT1H)"),
                    new CatalogProblem(26, 8, "services[0].targets[3]", "is empty"),
                    new CatalogProblem(27, 19, "services[0].closedDates[0]", "'2026-13-01' is not a date (YYYY-MM-DD)"),
                    new CatalogProblem(30, 5, "services[1].tenant", "duplicate key (the first one is on line 29)"),
                    new CatalogProblem(33, 14, "services[1].targets", "must be a list, not 'krs-juki-ap9'"))
                    .satisfies(x -> assertThat(e.getMessage()).startsWith("invalid catalog many-problems.yaml (14 problems):\n"
                            + "  - many-problems.yaml:3:23: defaults.availabilityTarget: must be a number, was 'lots'\n"
                            + "  - many-problems.yaml:6:5: tenants[0].name: both name.ja and name.en are required\n")));
        }
    }

    @Test
    void aSyntaxErrorIsReportedAtTheParsersMark() {
        assertThatThrownBy(() -> load("tenants:\n  - id: kurashiki\n   name: x\n"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.located()).singleElement()
                        .satisfies(p -> assertThat(p.line()).isEqualTo(3))
                        .satisfies(p -> assertThat(p.message()).startsWith("not valid YAML: ")));
    }

    @Test
    void aCatalogThatIsNotAMappingSaysSo() {
        assertThatThrownBy(() -> load("- just\n- a list\n")).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.located()).containsExactly(new CatalogProblem(1, 1, "",
                        "the catalog must be a mapping with tenants, systems, vendors and services, not a list")));
    }

    @Test
    void everySemanticProblemIsListedWithItsKey() throws Exception {
        String yaml = valid()
                .replace("vendor: fujitsu-japan", "vendor: nobody")
                .replace("heartbeatInterval: 30s", "heartbeatInterval: soon")
                .replace("host: krs-juki-ap2", "host: krs-juki-ap1");

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "services[0].vendor: unknown vendor 'nobody' (known: fujitsu-japan)",
                        "services[0].targets[1].host: 'krs-juki-ap1' is already listed for tenant kurashiki",
                        "services[0].targets[2].heartbeatInterval: 'soon' is not a duration (e.g. 10s, 5m, PT1H)"));
    }

    @Test
    void badValuesNameTheirKey() throws Exception {
        assertThatThrownBy(() -> load(valid().replace("language: en", "language: fr")))
                .hasMessageContaining("vendors[0].contacts[0].language")
                .hasMessageContaining("language must be 'ja' or 'en'");
    }

    @Test
    void aCityMayRequireASecondFactorOfItsOperatorsAndByDefaultDoesNot() throws Exception {
        assertThat(load(valid()).tenants().get(0).secondFactorRequired()).isFalse();
        Catalog strict = load(valid().replace("  - id: kurashiki\n", "  - id: kurashiki\n    requireSecondFactor: true\n"));
        assertThat(strict.tenants().get(0).secondFactorRequired()).isTrue();
    }

    @Test
    void aSecondFactorSettingThatIsNotYesOrNoNamesItsKey() {
        assertThatThrownBy(() -> load(valid().replace("  - id: kurashiki\n",
                "  - id: kurashiki\n    requireSecondFactor: maybe\n")))
                .hasMessageContaining("tenants[0].requireSecondFactor");
    }

    @Test
    void missingFileSaysWhichSetting() {
        assertThatThrownBy(() -> CatalogLoader.load(java.nio.file.Path.of("/nonexistent/catalog.yaml")))
                .hasMessageContaining("file not found (mihari.catalog.path)");
    }

    // ---- check policy, resource thresholds, batch jobs ----

    private static final String DEFAULTS = """
            defaults:
              heartbeatInterval: 10s
              checks: {failuresToDown: 4, successesToUp: 2}
              resources:
                cpu:    {warning: 80, critical: 90, sustain: 10m, hysteresis: 4}
                swap:   {warning: 40, critical: 70}
            """;

    /** valid.yaml with its defaults section replaced and {@code extra} appended to the service. */
    private static String with(String defaults, String targetOverrides, String jobs) throws Exception {
        String yaml = valid().replace("defaults:\n  heartbeatInterval: 10s\n", defaults);
        yaml = yaml.replace("critical: true, heartbeatInterval: 30s}",
                "critical: true, heartbeatInterval: 30s" + targetOverrides + "}");
        return yaml + jobs;
    }

    private static final String JOBS = """
                jobs:
                  - {name: nightly-juki-export, host: krs-juki-db1, schedule: "30 2 * * *", startWithin: 15m, maxRunTime: 2h}
                  - {name: on-demand-reissue, host: krs-juki-db1, maxRunTime: 30m}
                  - {name: nightly-juki-export, host: krs-juki-ap1, schedule: "0 3 1 * *", timeZone: UTC}
            """;

    private static void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void withoutChecksResourcesOrJobsTheBuiltInDefaultsApply() throws Exception {
        Catalog catalog = load(valid());

        Target db = catalog.target("kurashiki/krs-juki-db1").orElseThrow();
        assertThat(db.checks()).isEqualTo(CheckPolicy.DEFAULT);
        assertThat(db.resources()).isEqualTo(ResourceThresholds.DEFAULT);
        assertThat(catalog.service("kurashiki-juki").orElseThrow().jobs()).isEmpty();
    }

    @Test
    void defaultsSectionAppliesToEveryTargetAndUnsetMetricsKeepTheBuiltInLevels() throws Exception {
        Catalog catalog = load(with(DEFAULTS, "", ""));

        Target ap1 = catalog.target("kurashiki/krs-juki-ap1").orElseThrow();
        assertThat(ap1.checks()).isEqualTo(new CheckPolicy(4, 2));
        Map<Metric, Level> levels = ap1.resources().levels();
        assertThat(levels.get(Metric.CPU)).isEqualTo(new Level(80, 90, Duration.ofMinutes(10), 4));
        assertThat(levels.get(Metric.SWAP)).as("partial level: sustain and hysteresis of the built-in swap level")
                .isEqualTo(new Level(40, 70, Duration.ofMinutes(5), 5));
        assertThat(levels.get(Metric.MEMORY)).isEqualTo(ResourceThresholds.DEFAULT.levels().get(Metric.MEMORY));
        assertThat(levels.get(Metric.DISK)).isEqualTo(ResourceThresholds.DEFAULT.levels().get(Metric.DISK));
    }

    @Test
    void targetValuesOverrideTheDefaultsFieldByField() throws Exception {
        Catalog catalog = load(with(DEFAULTS,
                ", checks: {failuresToDown: 2}, resources: {disk: {warning: 70, critical: 85}, cpu: {sustain: 0s}}",
                ""));

        Target db = catalog.target("kurashiki/krs-juki-db1").orElseThrow();
        assertThat(db.checks()).as("successesToUp from the defaults section").isEqualTo(new CheckPolicy(2, 2));
        Map<Metric, Level> levels = db.resources().levels();
        assertThat(levels.get(Metric.DISK)).as("sustain and hysteresis of the built-in disk level")
                .isEqualTo(new Level(70, 85, Duration.ZERO, 2));
        assertThat(levels.get(Metric.CPU)).as("the rest of the defaults section's cpu level")
                .isEqualTo(new Level(80, 90, Duration.ZERO, 4));
        assertThat(levels.get(Metric.SWAP)).isEqualTo(new Level(40, 70, Duration.ofMinutes(5), 5));
        assertThat(catalog.target("kurashiki/krs-juki-ap1").orElseThrow().resources().levels().get(Metric.DISK))
                .as("other targets keep the defaults").isEqualTo(new Level(80, 90, Duration.ZERO, 2));
    }

    @Test
    void jobsBelongToTheirHostWithDefaultZoneAndGrace() throws Exception {
        Service service = load(with(DEFAULTS, "", JOBS)).service("kurashiki-juki").orElseThrow();

        assertThat(service.jobs()).containsExactly(
                new BatchJob("nightly-juki-export", "kurashiki/krs-juki-db1", "30 2 * * *", ZoneId.of("Asia/Tokyo"),
                        Duration.ofMinutes(15), Duration.ofHours(2)),
                new BatchJob("on-demand-reissue", "kurashiki/krs-juki-db1", null, ZoneId.of("Asia/Tokyo"),
                        Duration.ofMinutes(30), Duration.ofMinutes(30)),
                new BatchJob("nightly-juki-export", "kurashiki/krs-juki-ap1", "0 3 1 * *", ZoneId.of("UTC"),
                        Duration.ofMinutes(30), null));
        assertThat(service.job("kurashiki/krs-juki-ap1", "nightly-juki-export")).map(BatchJob::timeZone)
                .contains(ZoneId.of("UTC"));
    }

    @Test
    void jobZoneDefaultsToTheServiceZone() throws Exception {
        String yaml = with(DEFAULTS, "", JOBS).replace("vendor: fujitsu-japan\n    targets:",
                "vendor: fujitsu-japan\n    timeZone: Asia/Seoul\n    targets:");

        assertThat(load(yaml).service("kurashiki-juki").orElseThrow().jobs()).extracting(BatchJob::timeZone)
                .containsExactly(ZoneId.of("Asia/Seoul"), ZoneId.of("Asia/Seoul"), ZoneId.of("UTC"));
    }

    @Test
    void invalidLevelsNameTheKeyToChange() throws Exception {
        assertProblems(with("""
                        defaults:
                          checks: {failuresToDown: 0, successesToUp: -1}
                          resources:
                            cpu: {warning: 0}
                            memory: {critical: 101}
                            swap: {critical: 30}
                            disk: {warning: 95}
                        """,
                        ", resources: {disk: {hysteresis: 85, sustain: soon}, cpu: {sustain: -PT1M}}", ""),
                "defaults.checks.failuresToDown: must be at least 1, was 0",
                "defaults.checks.successesToUp: must be at least 1, was -1",
                "defaults.resources.cpu.warning: must be a percentage in (0, 100], was 0",
                "defaults.resources.memory.critical: must be a percentage in (0, 100], was 101",
                "defaults.resources.swap.critical: must be at least warning (50), was 30",
                "defaults.resources.disk.warning: must be at most critical (90), was 95",
                // in the order of the file: {disk: {hysteresis: 85, sustain: soon}, cpu: {sustain: -PT1M}}
                "services[0].targets[2].resources.disk.hysteresis: hysteresis must be within [0, warning) = [0, 80),"
                        + " was 85",
                "services[0].targets[2].resources.disk.sustain: 'soon' is not a duration (e.g. 0s, 5m, PT1H)",
                "services[0].targets[2].resources.cpu.sustain: must not be negative, was '-PT1M'");
    }

    @Test
    void hysteresisInheritedAboveANewWarningIsReportedOnTheWarning() throws Exception {
        assertProblems(with(DEFAULTS, ", resources: {cpu: {warning: 3, critical: 50}}", ""),
                "services[0].targets[2].resources.cpu.warning: hysteresis must be within [0, warning) = [0, 3),"
                        + " was 4");
    }

    @Test
    void jobProblemsNameTheirKey() throws Exception {
        assertProblems(with(DEFAULTS, "", """
                            jobs:
                              - {name: export, host: krs-juki-db9}
                              - {name: export, host: krs-juki-db1, schedule: "30 2 * *", startWithin: 0s}
                              - {name: export, host: krs-juki-db1, timeZone: Mars/Olympus, maxRunTime: long}
                              - {name: "bad name", schedule: "", host: krs-juki-db1}
                              - {name: export2}
                              -
                        """),
                "services[0].jobs[0].host: 'krs-juki-db9' is not a target of service kurashiki-juki"
                        + " (targets: krs-juki-ap1, krs-juki-ap2, krs-juki-db1)",
                "services[0].jobs[1].schedule: '30 2 * *' must have 5 fields (minute hour day-of-month month"
                        + " day-of-week), has 4",
                "services[0].jobs[1].startWithin: must be positive, was '0s'",
                "services[0].jobs[2].name: duplicate job 'export' on host krs-juki-db1",
                "services[0].jobs[2].timeZone: unknown time zone 'Mars/Olympus'",
                "services[0].jobs[2].maxRunTime: 'long' is not a duration (e.g. 10s, 5m, PT1H)",
                "services[0].jobs[3].name: name 'bad name' is not a valid name (letters, digits, '.', '_', '-';"
                        + " at most 63 characters)",
                "services[0].jobs[3].schedule: '' must have 5 fields (minute hour day-of-month month day-of-week),"
                        + " has 0",
                "services[0].jobs[4].host: is required",
                "services[0].jobs[5]: is empty");
    }

    @Test
    void unknownJobKeyIsReportedWithItsPath() throws Exception {
        assertThatThrownBy(() -> load(with(DEFAULTS, "", """
                            jobs:
                              - {name: export, host: krs-juki-db1, maxRuntime: 2h}
                        """)))
                .hasMessageContaining("services[0].jobs[0].maxRuntime: unknown key");
        assertThatThrownBy(() -> load(with(DEFAULTS, ", resources: {gpu: {warning: 80}}", "")))
                .hasMessageContaining("services[0].targets[2].resources.gpu: unknown key");
    }

    @Test
    void sampleCatalogLoadsWithJobsForEveryService() {
        Catalog catalog = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml"));

        assertThat(catalog.services()).hasSize(12);
        // the app services run batch jobs; the cloud provider's and the carrier's (issue 19) do not
        assertThat(catalog.services().stream().filter(s -> s.system().equals("juki")
                || s.system().equals("hokenfukushi")).toList()).hasSize(6)
                .allSatisfy(s -> assertThat(s.jobs()).isNotEmpty()
                        .allSatisfy(j -> assertThat(s.targets()).extracting(Target::id).contains(j.targetId())));
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(CatalogLoader.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CatalogLoader.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(CatalogLoader.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void serviceHoursClosedDatesAndServiceContactsAreRead() throws Exception {
        String yaml = valid().replaceFirst("(?m)^    vendor: fujitsu-japan$", "    vendor: fujitsu-japan\n"
                + "    serviceHours:\n"
                + "      - {days: [MON, TUE, WED, THU, FRI], from: \"08:30\", to: \"17:15\"}\n"
                + "      - {days: [SAT], from: \"09:00\", to: \"24:00\"}\n"
                + "    closedDates: [2026-12-29, 2027-01-03]\n"
                + "    contacts:\n"
                + "      - {email: duty@kurashiki.example, language: ja, minSeverity: CRITICAL}");
        Service service = load(yaml).service("kurashiki-juki").orElseThrow();

        assertThat(service.serviceHours().windows()).containsExactly(
                new ServiceHours.Window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30),
                        LocalTime.of(17, 15)),
                new ServiceHours.Window(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(9, 0), ServiceHours.END_OF_DAY));
        assertThat(service.serviceHours().closedDates())
                .containsExactly(LocalDate.of(2026, 12, 29), LocalDate.of(2027, 1, 3));
        assertThat(service.contacts()).singleElement().satisfies(c -> {
            assertThat(c.wants("MAJOR")).isFalse();
            assertThat(c.wants("CRITICAL")).isTrue();
        });
    }

    @Test
    void serviceHoursDefaultToAroundTheClock() throws Exception {
        assertThat(load(valid()).service("kurashiki-juki").orElseThrow().serviceHours().isAlways()).isTrue();
    }

    @Test
    void badServiceHoursNameTheKey() throws Exception {
        String yaml = valid().replaceFirst("(?m)^    vendor: fujitsu-japan$", "    vendor: fujitsu-japan\n"
                + "    serviceHours:\n      - {days: [MON, FUNDAY], from: \"18:00\", to: \"08:00\"}\n"
                + "    closedDates: [2026-13-01]");

        assertThatThrownBy(() -> load(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("services[0].serviceHours[0].days: 'FUNDAY' is not a day")
                .hasMessageContaining("services[0].serviceHours[0]: a window runs from an earlier to a later time")
                .hasMessageContaining("services[0].closedDates[0]: '2026-13-01' is not a date");
    }

    @Test
    void unknownSeverityOfAContactNamesTheKey() throws Exception {
        String yaml = valid().replaceFirst("(?m)^    vendor: fujitsu-japan$", "    vendor: fujitsu-japan\n"
                + "    contacts:\n      - {email: duty@kurashiki.example, minSeverity: URGENT}");

        assertThatThrownBy(() -> load(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("services[0].contacts[0]").hasMessageContaining("minSeverity must be one of");
    }

    // ---- planned maintenance: what the contract allows ----

    @Test
    void maintenanceLimitsDefaultToThreeDaysNoticeTwelveHoursAndAYearOfRecurrence() throws Exception {
        MaintenanceLimits limits = load(valid()).maintenanceLimits("kurashiki-juki");

        assertThat(limits).isEqualTo(MaintenanceLimits.DEFAULT);
        assertThat(limits.notice()).isEqualTo(Duration.ofDays(3));
        assertThat(limits.maxLength()).isEqualTo(Duration.ofHours(12));
        assertThat(limits.maxRecurringSpan()).isEqualTo(Duration.ofDays(366));
        assertThat(limits.maxHoursPerWeek()).isEqualTo(Duration.ofHours(12));
        assertThat(load(valid()).maintenanceLimits("no-such-service")).isEqualTo(MaintenanceLimits.DEFAULT);
    }

    @Test
    void maintenanceLimitsOfTheDefaultsApplyToEveryServiceAndAServiceOverridesThemFieldByField() throws Exception {
        String yaml = defaultsAndService("{notice: 5d, maxLength: 8h}",
                "{notice: 0s, maxHoursPerWeek: 4h, maxRecurringSpan: 90d}");

        assertThat(load(yaml).maintenanceLimits("kurashiki-juki")).isEqualTo(new MaintenanceLimits(Duration.ZERO,
                Duration.ofHours(8), Duration.ofDays(90), Duration.ofHours(4)));
        String defaultsOnly = valid().replace("defaults:\n  heartbeatInterval: 10s\n",
                "defaults:\n  heartbeatInterval: 10s\n  maintenance: {notice: 5d, maxLength: 8h}\n");
        assertThat(load(defaultsOnly).maintenanceLimits("kurashiki-juki")).isEqualTo(new MaintenanceLimits(
                Duration.ofDays(5), Duration.ofHours(8), Duration.ofDays(366), Duration.ofHours(12)));
    }

    @Test
    void wrongMaintenanceLimitsNameTheirKey() throws Exception {
        String yaml = defaultsAndService("{notice: soon, maxLength: 0s}",
                "{notice: -1h, maxLength: 8d, maxRecurringSpan: 0d, maxHoursPerWeek: 169h}");

        assertProblems(yaml,
                "defaults.maintenance.notice: 'soon' is not a duration (e.g. 3d, 12h, PT30M)",
                "defaults.maintenance.maxLength: must be positive, was '0s'",
                "services[0].maintenance.notice: '-1h' is not a duration (e.g. 3d, 12h, PT30M)",
                "services[0].maintenance.maxLength: must be at most 7d, was '8d'",
                "services[0].maintenance.maxRecurringSpan: must be positive, was '0d'",
                "services[0].maintenance.maxHoursPerWeek: must be at most 7d, was '169h'");
        assertThatThrownBy(() -> load(valid().replaceFirst("(?m)^    vendor: fujitsu-japan$",
                "    vendor: fujitsu-japan\n    maintenance: {notise: 3d}")))
                .hasMessageContaining("services[0].maintenance.notise: unknown key");
    }

    /** valid.yaml with {@code defaults.maintenance} and the service's {@code maintenance} set as given. */
    private static String defaultsAndService(String defaults, String service) throws Exception {
        return valid().replace("defaults:\n  heartbeatInterval: 10s\n",
                "defaults:\n  heartbeatInterval: 10s\n  maintenance: " + defaults + "\n")
                .replaceFirst("(?m)^    vendor: fujitsu-japan$", "    vendor: fujitsu-japan\n    maintenance: " + service);
    }

    @Test
    void aNegativeNoticeWrittenInIsoFormIsRefused() throws Exception {
        assertProblems(valid().replaceFirst("(?m)^    vendor: fujitsu-japan$",
                "    vendor: fujitsu-japan\n    maintenance: {notice: PT-1H}"),
                "services[0].maintenance.notice: must be at least 0s, was 'PT-1H'");
    }
}
