package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code escalation} of a tenant or a service in the catalog, and which contacts a step takes when. */
class CatalogEscalationTest {

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String valid() throws Exception {
        try (InputStream in = CatalogEscalationTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The valid catalog with {@code escalation} on the tenant and/or the service (flow style, one line). */
    private static String with(String tenantEscalation, String serviceEscalation) throws Exception {
        String yaml = valid();
        if (!tenantEscalation.isEmpty()) {
            yaml = yaml.replaceFirst("(?m)^    name: \\{ja: 倉敷市, en: Kurashiki\\}$",
                    "    name: {ja: 倉敷市, en: Kurashiki}\n    escalation: " + tenantEscalation);
        }
        if (!serviceEscalation.isEmpty()) {
            yaml = yaml.replaceFirst("(?m)^    vendor: fujitsu-japan$",
                    "    vendor: fujitsu-japan\n    escalation: " + serviceEscalation);
        }
        return yaml;
    }

    static final String TENANT = "{after: 15m, steps: [{contacts: [{email: leader@fj.example}]},"
            + " {contacts: [{email: manager@fj.example, language: en}, {email: cio@kurashiki.example}]}],"
            + " offHours: [{contacts: [{email: night@fj.example}]}]}";

    @Test
    void noEscalationUnlessTheCatalogNamesOne() throws Exception {
        Catalog catalog = load(valid());

        assertThat(catalog.escalation("kurashiki-juki")).isEmpty();
        assertThat(catalog.tenant("kurashiki").escalation()).isNull();
    }

    @Test
    void aTenantsEscalationAppliesToItsServices() throws Exception {
        Catalog catalog = load(with(TENANT, ""));

        Escalation e = catalog.escalation("kurashiki-juki").orElseThrow();
        assertThat(e.after()).isEqualTo(Duration.ofMinutes(15));
        assertThat(e.steps()).hasSize(2);
        assertThat(e.steps().get(1).contacts()).extracting(Contact::email)
                .containsExactly("manager@fj.example", "cio@kurashiki.example");
        assertThat(e.steps().get(1).contacts().get(0).language()).isEqualTo(Language.EN);
        assertThat(e.offHours()).singleElement().satisfies(s -> assertThat(s.contacts()).extracting(Contact::email)
                .containsExactly("night@fj.example"));
        assertThat(e.businessFrom()).isEqualTo(LocalTime.of(8, 30));
        assertThat(e.businessTo()).isEqualTo(LocalTime.of(17, 15));
        assertThat(catalog.tenant("kurashiki").escalation()).isEqualTo(e);
    }

    @Test
    void aServicesOwnEscalationReplacesItsCitys() throws Exception {
        Catalog catalog = load(with(TENANT, "{after: 10m, businessHours: {from: \"09:00\", to: \"18:00\"},"
                + " steps: [{contacts: [{email: svc@fj.example}]}]}"));

        Escalation e = catalog.escalation("kurashiki-juki").orElseThrow();
        assertThat(e.after()).isEqualTo(Duration.ofMinutes(10));
        assertThat(e.stepCount()).isEqualTo(1);
        assertThat(e.offHours()).isEmpty();
        assertThat(e.businessFrom()).isEqualTo(LocalTime.of(9, 0));
        assertThat(e.businessTo()).isEqualTo(LocalTime.of(18, 0));
    }

    @Test
    void afterDefaultsTo15Minutes() throws Exception {
        Escalation e = load(with("{steps: [{contacts: [{email: leader@fj.example}]}]}", ""))
                .escalation("kurashiki-juki").orElseThrow();

        assertThat(e.after()).isEqualTo(Duration.ofMinutes(15));
        Instant start = Instant.parse("2027-01-12T01:00:00Z");
        assertThat(e.dueAt(start, 1)).isEqualTo(Instant.parse("2027-01-12T01:15:00Z"));
        assertThat(e.dueAt(start, 2)).isEqualTo(Instant.parse("2027-01-12T01:30:00Z"));
    }

    @Test
    void badValuesAreRefusedAtTheirKeys() throws Exception {
        assertThatThrownBy(() -> load(with("{after: soon, businessHours: {from: \"8h\", to: \"17:15\"},"
                + " steps: [{contacts: []}], offHours: [{contacts: [{email: not-an-address}]}]}",
                "{after: 0m, steps: []}")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "tenants[0].escalation.after: 'soon' is not a duration (e.g. 15m, 1h, PT15M)",
                        "tenants[0].escalation.businessHours.from: '8h' is not a time of day (HH:mm)",
                        "tenants[0].escalation.steps[0].contacts: at least one contact is required",
                        "tenants[0].escalation.offHours[0].contacts[0]: email 'not-an-address' is not a mail address",
                        "services[0].escalation.after: must be positive, was '0m'",
                        "services[0].escalation.steps: at least one step is required"));
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        assertThatThrownBy(() -> load(with("{after: 15m, step: [{contacts: [{email: a@b.example}]}]}", "")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].escalation.step:")));
    }

    @Test
    void offHoursAreNightsWeekendsHolidaysAndTheCitysClosedDays() throws Exception {
        Escalation e = load(with(TENANT, "")).escalation("kurashiki-juki").orElseThrow();
        BusinessCalendar japan = BusinessCalendar.JAPAN;

        // Tuesday 2027-01-12, a business day
        assertThat(e.offHoursAt(jst("2027-01-12T08:29:59"), japan, JST)).isTrue();
        assertThat(e.offHoursAt(jst("2027-01-12T08:30:00"), japan, JST)).isFalse();
        assertThat(e.offHoursAt(jst("2027-01-12T17:14:59"), japan, JST)).isFalse();
        assertThat(e.offHoursAt(jst("2027-01-12T17:15:00"), japan, JST)).isTrue();
        assertThat(e.offHoursAt(jst("2027-01-12T03:00:00"), japan, JST)).isTrue();
        // Monday 2027-01-11, 成人の日: closed all day
        assertThat(e.offHoursAt(jst("2027-01-11T10:00:00"), japan, JST)).isTrue();
        // a city's own closed day
        assertThat(e.offHoursAt(jst("2027-01-12T10:00:00"),
                BusinessCalendar.of(java.util.List.of(LocalDate.of(2027, 1, 12)), java.util.List.of()), JST)).isTrue();
    }

    @Test
    void aStepTakesTheListOfItsPeriodElseTheOther() throws Exception {
        Escalation e = load(with(TENANT, "")).escalation("kurashiki-juki").orElseThrow();

        assertThat(e.contacts(1, false)).extracting(Contact::email).containsExactly("leader@fj.example");
        assertThat(e.contacts(1, true)).extracting(Contact::email).containsExactly("night@fj.example");
        // no second off-hours step: the second step's contacts
        assertThat(e.contacts(2, true)).extracting(Contact::email)
                .containsExactly("manager@fj.example", "cio@kurashiki.example");
        assertThat(e.usesOffHours(2, true)).isFalse();
        assertThat(e.contacts(3, false)).isEmpty();
        assertThat(e.stepCount()).isEqualTo(2);
    }

    @Test
    void theSampleCatalogEscalatesKurashikisServicesOnly() {
        Catalog catalog = CatalogLoader.load(java.nio.file.Path.of("../deploy/catalog/sample-catalog.yaml"));

        for (Service s : catalog.services()) {
            assertThat(catalog.escalation(s.id())).as(s.id()).isEqualTo(s.tenant().equals("kurashiki")
                    ? java.util.Optional.of(catalog.tenant("kurashiki").escalation()) : java.util.Optional.empty());
        }
        Escalation e = catalog.tenant("kurashiki").escalation();
        assertThat(e.contacts(1, true)).extracting(Contact::email).containsExactly("night-duty@fujitsu-japan.example");
        assertThat(e.contacts(2, false)).extracting(Contact::email)
                .containsExactly("juki-manager@fujitsu-japan.example", "cio@city.kurashiki.example");
    }

    private static Instant jst(String local) {
        return java.time.LocalDateTime.parse(local).atZone(JST).toInstant();
    }
}
