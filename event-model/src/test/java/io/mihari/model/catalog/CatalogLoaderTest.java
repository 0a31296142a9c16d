package io.mihari.model.catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;

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
    void unknownKeyIsReportedWithLineAndPath() throws Exception {
        String yaml = valid().replace("role: BT/DB", "rol: BT/DB");

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("line 24")
                .hasMessageContaining("services[0].targets[2].rol: unknown key");
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
    void missingFileSaysWhichSetting() {
        assertThatThrownBy(() -> CatalogLoader.load(java.nio.file.Path.of("/nonexistent/catalog.yaml")))
                .hasMessageContaining("file not found (mihari.catalog.path)");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(CatalogLoader.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CatalogLoader.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(CatalogLoader.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
