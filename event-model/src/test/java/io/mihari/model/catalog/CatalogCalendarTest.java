package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tenant's business calendar ({@code calendar}) and a service's {@code serviceDays} in the catalog. */
class CatalogCalendarTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String valid() throws Exception {
        try (InputStream in = CatalogCalendarTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The valid catalog with {@code calendar} (indented under the tenant) and keys added to the service. */
    private static String with(String calendar, String serviceKeys) throws Exception {
        String yaml = valid();
        if (!calendar.isEmpty()) {
            yaml = yaml.replaceFirst("(?m)^    name: \\{ja: 倉敷市, en: Kurashiki\\}$",
                    "    name: {ja: 倉敷市, en: Kurashiki}\n    calendar: " + calendar);
        }
        if (!serviceKeys.isEmpty()) {
            yaml = yaml.replaceFirst("(?m)^    vendor: fujitsu-japan$", "    vendor: fujitsu-japan\n" + serviceKeys);
        }
        return yaml;
    }

    @Test
    void aTenantWithoutCalendarHasJapans() throws Exception {
        Catalog catalog = load(valid());

        assertThat(catalog.tenant("kurashiki").calendar()).isSameAs(BusinessCalendar.JAPAN);
        assertThat(catalog.service("kurashiki-juki").orElseThrow().serviceHours().calendar()).isNull();
    }

    @Test
    void aTenantsClosedAndOpenDaysAreRead() throws Exception {
        Catalog catalog = load(with("{closedDates: [2027-06-09, 2027-06-10], openDates: [2027-03-28]}", ""));

        BusinessCalendar calendar = catalog.tenant("kurashiki").calendar();
        assertThat(calendar.closedDates()).containsExactlyInAnyOrder(LocalDate.of(2027, 6, 9), LocalDate.of(2027, 6, 10));
        assertThat(calendar.openDates()).containsExactly(LocalDate.of(2027, 3, 28));
        assertThat(calendar.isBusinessDay(LocalDate.of(2027, 6, 9))).isFalse();
        assertThat(calendar.isBusinessDay(LocalDate.of(2027, 3, 28))).isTrue(); // a Sunday the city opens
        assertThat(calendar.isBusinessDay(LocalDate.of(2027, 1, 11))).isFalse(); // 成人の日 still applies
    }

    @Test
    void onlyClosedDatesOrOnlyOpenDatesIsFine() throws Exception {
        assertThat(load(with("{closedDates: [2027-06-09]}", "")).tenant("kurashiki").calendar().openDates()).isEmpty();
        assertThat(load(with("{openDates: [2027-03-28]}", "")).tenant("kurashiki").calendar().closedDates()).isEmpty();
        assertThat(load(with("{}", "")).tenant("kurashiki").calendar()).isEqualTo(BusinessCalendar.JAPAN);
    }

    @Test
    void aBadDateInTheCalendarIsRefusedAtItsKey() throws Exception {
        assertThatThrownBy(() -> load(with("{closedDates: [2027-06-09, 2027-02-30], openDates: [someday]}", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[0].calendar.closedDates[1]: '2027-02-30' is not a date (YYYY-MM-DD)",
                        "tenants[0].calendar.openDates[0]: 'someday' is not a date (YYYY-MM-DD)"));
    }

    @Test
    void aDayBothClosedAndOpenIsRefused() throws Exception {
        assertThatThrownBy(() -> load(with("{closedDates: [2027-06-09], openDates: [2027-03-28, 2027-06-09]}", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[0].calendar.openDates[1]: 2027-06-09 is also in closedDates (a day is either closed "
                                + "or open)"));
    }

    @Test
    void unknownCalendarKeysAndWrongShapesAreReportedLikeAnyOther() throws Exception {
        assertThatThrownBy(() -> load(with("{closedDays: [2027-06-09]}", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[0].calendar.closedDays: unknown key (known keys: closedDates, openDates)"));
        assertThatThrownBy(() -> load(with("{closedDates: 2027-06-09}", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[0].calendar.closedDates: must be a list, not '2027-06-09'"));
        assertThatThrownBy(() -> load(with("businessDays", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[0].calendar: must be a mapping (key: value), not 'businessDays'"));
    }

    @Test
    void theProblemIsPlacedOnItsLine() throws Exception {
        assertThatThrownBy(() -> load(with("{closedDates: [2027-13-01]}", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.located()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.key()).isEqualTo("tenants[0].calendar.closedDates[0]");
                            assertThat(p.line()).isEqualTo(6);
                        }));
    }

    @Test
    void serviceDaysBusinessDaysUsesTheTenantsCalendar() throws Exception {
        Catalog catalog = load(with("{closedDates: [2027-06-09]}", """
                    serviceHours:
                      - {days: [MON, TUE, WED, THU, FRI], from: "08:30", to: "17:15"}
                    serviceDays: businessDays
                    closedDates: [2027-06-11]
                """));

        ServiceHours hours = catalog.service("kurashiki-juki").orElseThrow().serviceHours();
        assertThat(hours.windows()).containsExactly(new ServiceHours.Window(
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(17, 15)));
        assertThat(hours.calendar()).isEqualTo(catalog.tenant("kurashiki").calendar());
        assertThat(hours.businessDaysOnly()).isTrue();
        assertThat(hours.closedDates()).containsExactly(LocalDate.of(2027, 6, 11));
        assertThat(hours.closure(LocalDate.of(2027, 6, 9))).contains(new BusinessCalendar.Closure("閉庁日", "closed day"));
        assertThat(hours.closure(LocalDate.of(2027, 5, 3)))
                .contains(new BusinessCalendar.Closure("憲法記念日", "Constitution Memorial Day"));
        assertThat(hours.closure(LocalDate.of(2027, 6, 11))).isPresent();
        assertThat(hours.closure(LocalDate.of(2027, 6, 8))).isEmpty();
    }

    @Test
    void serviceDaysAloneIsAroundTheClockOnBusinessDays() throws Exception {
        ServiceHours hours = load(with("", "    serviceDays: businessDays\n"))
                .service("kurashiki-juki").orElseThrow().serviceHours();

        assertThat(hours.windows()).isEqualTo(ServiceHours.ALWAYS.windows());
        assertThat(hours.calendar()).isSameAs(BusinessCalendar.JAPAN);
        assertThat(hours.isAlways()).isFalse();
    }

    @Test
    void serviceDaysEveryDayIsTheDefault() throws Exception {
        ServiceHours hours = load(with("", "    serviceDays: everyDay\n"))
                .service("kurashiki-juki").orElseThrow().serviceHours();

        assertThat(hours.isAlways()).isTrue();
        assertThat(hours.calendar()).isNull();
    }

    @Test
    void anUnknownServiceDaysIsRefused() throws Exception {
        assertThatThrownBy(() -> load(with("", "    serviceDays: weekdays\n")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "services[0].serviceDays: 'weekdays' is not everyDay or businessDays"));
    }

    @Test
    void takamatsusOfficeHoursServiceInTheSampleRunsOnBusinessDays() {
        Catalog catalog = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml"));

        ServiceHours hours = catalog.service("takamatsu-hokenfukushi").orElseThrow().serviceHours();
        assertThat(hours.calendar()).isSameAs(BusinessCalendar.JAPAN);
        assertThat(hours.closedDates()).isEmpty();
        // what the explicit year-end list said is still closed, every year
        for (LocalDate d = LocalDate.of(2026, 12, 29); !d.isAfter(LocalDate.of(2027, 1, 3)); d = d.plusDays(1)) {
            assertThat(hours.closure(d)).as("%s", d).isPresent();
        }
        assertThat(hours.closure(LocalDate.of(2027, 12, 29))).isPresent();
        // no other service of the sample uses the calendar
        assertThat(catalog.services().stream().filter(s -> s.serviceHours().calendar() != null))
                .extracting(Service::id).containsExactly("takamatsu-hokenfukushi");
        assertThat(catalog.tenants()).allSatisfy(t -> assertThat(t.calendar()).isSameAs(BusinessCalendar.JAPAN));
    }

    @Test
    void aServiceOfATenantWithOwnDaysLeavesThemOut() throws Exception {
        Catalog catalog = load(with("{closedDates: [2027-06-09], openDates: [2027-05-04]}", """
                    serviceHours:
                      - {days: [MON, TUE, WED, THU, FRI], from: "08:30", to: "17:15"}
                    serviceDays: businessDays
                """));

        ServiceHours hours = catalog.service("kurashiki-juki").orElseThrow().serviceHours();
        assertThat(List.of(LocalDate.of(2027, 6, 9), LocalDate.of(2027, 5, 4), LocalDate.of(2027, 5, 3)))
                .map(d -> hours.closure(d).isPresent()).containsExactly(true, false, true);
    }
}
