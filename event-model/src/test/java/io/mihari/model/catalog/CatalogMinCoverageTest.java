package io.mihari.model.catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code minCoverage}: the data coverage below which a month is INSUFFICIENT_DATA rather than MET (issue 14), set for
 * the whole catalog in {@code defaults} and per service; written {@code 95} or {@code 95%}.
 */
class CatalogMinCoverageTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String valid() throws Exception {
        try (InputStream in = CatalogMinCoverageTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** valid.yaml with {@code defaults.minCoverage} and the service's {@code minCoverage} (null: left out). */
    private static String with(String defaults, String service) throws Exception {
        String yaml = valid();
        if (defaults != null) {
            yaml = yaml.replace("defaults:\n  heartbeatInterval: 10s\n",
                    "defaults:\n  heartbeatInterval: 10s\n  minCoverage: " + defaults + "\n");
        }
        if (service != null) {
            yaml = yaml.replaceFirst("(?m)^    vendor: fujitsu-japan$",
                    "    vendor: fujitsu-japan\n    minCoverage: " + service);
        }
        return yaml;
    }

    private static BigDecimal minCoverage(String yaml) {
        return load(yaml).service("kurashiki-juki").orElseThrow().minCoverage();
    }

    @Test
    void unsetMeansTheBuiltInDefault() throws Exception {
        // null: AvailabilityCalculator applies DEFAULT_MIN_COVERAGE (95)
        assertThat(minCoverage(valid())).isNull();
    }

    @Test
    void theDefaultsApplyToEveryServiceAndAServiceOverridesThem() throws Exception {
        assertThat(minCoverage(with("90", null))).isEqualByComparingTo("90");
        assertThat(minCoverage(with("90", "\"99.5%\""))).isEqualByComparingTo("99.5");
        assertThat(minCoverage(with(null, "95 %"))).isEqualByComparingTo("95");
        assertThat(minCoverage(with("0", null))).isEqualByComparingTo("0");
        assertThat(minCoverage(with(null, "100"))).isEqualByComparingTo("100");
    }

    @Test
    void aValueThatIsNotAPercentageNamesItsKey() throws Exception {
        assertThatThrownBy(() -> load(with("lots", "101")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "defaults.minCoverage: 'lots' is not a percentage (e.g. 95 or 95%)",
                        "services[0].minCoverage: must be a percentage in [0, 100], was '101'"));
        assertThatThrownBy(() -> load(with(null, "-1%")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "services[0].minCoverage: must be a percentage in [0, 100], was '-1%'"));
    }
}
