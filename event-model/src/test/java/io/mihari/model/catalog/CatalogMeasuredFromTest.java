package io.mihari.model.catalog;

import io.mihari.model.availability.Availability;
import io.mihari.model.availability.AvailabilityCalculator;
import io.mihari.model.availability.TargetTransition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code measuredFrom} 計測開始 (issue 14): from when a service is measured, in {@code defaults} and per service (the
 * service's wins); a date is the start of that day in the service's time zone, a date-time carries its offset.
 */
class CatalogMeasuredFromTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String valid() throws Exception {
        try (InputStream in = CatalogMeasuredFromTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** valid.yaml with {@code defaults.measuredFrom} and the service's {@code measuredFrom} (null: left out). */
    private static String with(String defaults, String service) throws Exception {
        String yaml = valid();
        if (defaults != null) {
            yaml = yaml.replace("defaults:\n  heartbeatInterval: 10s\n",
                    "defaults:\n  heartbeatInterval: 10s\n  measuredFrom: " + defaults + "\n");
        }
        if (service != null) {
            yaml = yaml.replaceFirst("(?m)^    vendor: fujitsu-japan$",
                    "    vendor: fujitsu-japan\n    measuredFrom: " + service);
        }
        return yaml;
    }

    private static Service juki(String yaml) {
        return load(yaml).service("kurashiki-juki").orElseThrow();
    }

    @Test
    void unsetMeansMeasuredSinceEver() throws Exception {
        assertThat(juki(valid()).measuredFrom()).isNull();
    }

    @Test
    void aDateIsTheStartOfThatDayInTheServicesZone() throws Exception {
        // the service has no zone of its own: Asia/Tokyo, so 6 December 00:00 JST = 5 December 15:00 UTC
        assertThat(juki(with("2026-12-06", null)).measuredFrom()).isEqualTo(Instant.parse("2026-12-05T15:00:00Z"));
        // the defaults' date read in the service's own zone
        String utc = with("2026-12-06", null).replaceFirst("(?m)^    vendor: fujitsu-japan$",
                "    vendor: fujitsu-japan\n    timeZone: Europe/Berlin");
        assertThat(juki(utc).measuredFrom()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
    }

    @Test
    void aDateTimeCarriesItsOffsetAndTheServiceWins() throws Exception {
        assertThat(juki(with(null, "2026-12-06T15:20:00+09:00")).measuredFrom())
                .isEqualTo(Instant.parse("2026-12-06T06:20:00Z"));
        assertThat(juki(with("2026-12-01", "\"2026-12-06T06:20:00Z\"")).measuredFrom())
                .isEqualTo(Instant.parse("2026-12-06T06:20:00Z"));
        assertThat(juki(with("2026-12-06T15:20:00+09:00", null)).measuredFrom())
                .isEqualTo(Instant.parse("2026-12-06T06:20:00Z"));
    }

    @Test
    void decemberOfAServiceMeasuredFromTheSixthIsPlannedFromThen() throws Exception {
        Service s = juki(with("2026-12-06", null));
        List<TargetTransition> up = s.targets().stream()
                .map(t -> new TargetTransition(t.id(), s.measuredFrom(), "UP", "CHECK_OK")).toList();

        Availability a = AvailabilityCalculator.compute(s, YearMonth.of(2026, 12),
                Instant.parse("2027-02-01T00:00:00Z"), up, List.of(), List.of(), List.of());

        // 6th – 31st JST: 26 days = 37,440 min = 2,246,400,000 ms, all with data
        assertThat(a.plannedMonthMs()).isEqualTo(2_246_400_000L);
        assertThat(a.noDataMs()).isZero();
        assertThat(a.status()).isEqualTo(Availability.Status.MET);
    }

    /** What deploy/local/mihari up writes on a fresh state folder: the sample catalog measured from its start. */
    @Test
    void theQuickStartsCatalogIsTheSampleMeasuredFromItsFirstStart() throws Exception {
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/catalog/sample-catalog.yaml"));
        String quick = sample.replaceFirst("(?m)^defaults:\n", "defaults:\n"
                + "  # the quick start measures from its first start (deploy/local/mihari up); delete this file to "
                + "start anew\n  measuredFrom: 2026-12-06T15:20:00+09:00\n");
        assertThat(quick).isNotEqualTo(sample);

        Catalog catalog = load(quick);
        assertThat(catalog.services()).isNotEmpty().allSatisfy(s -> assertThat(s.measuredFrom())
                .isEqualTo(Instant.parse("2026-12-06T06:20:00Z")));
    }

    @Test
    void aValueThatIsNotAnInstantNamesItsKeyLineAndColumn() throws Exception {
        assertThatThrownBy(() -> load(with("soon", "2026-12-06T15:20")))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "defaults.measuredFrom: 'soon' is not a date (e.g. 2026-12-06) or a date-time with "
                                    + "offset (e.g. 2026-12-06T15:20:00+09:00)",
                            "services[0].measuredFrom: '2026-12-06T15:20' has no offset; write it with one (e.g. "
                                    + "2026-12-06T15:20+09:00) or give a date (e.g. 2026-12-06)");
                    assertThat(e.located()).extracting(CatalogProblem::line, CatalogProblem::column)
                            .containsExactly(tuple(3, 17), tuple(22, 19));
                    assertThat(e.getMessage()).contains("test.yaml:3:17: defaults.measuredFrom: 'soon'");
                });
        assertThatThrownBy(() -> load(with(null, "2026-13-01")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "services[0].measuredFrom: '2026-13-01' is not a date (e.g. 2026-12-06) or a date-time "
                                + "with offset (e.g. 2026-12-06T15:20:00+09:00)"));
    }
}
