package io.mihari.alert.mail;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.Incident;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Contact;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FirstReportMailerTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z");

    static final Catalog CATALOG = CatalogLoader.load(new ByteArrayInputStream("""
            tenants:
              - id: kurashiki
                name: {ja: 倉敷市, en: Kurashiki}
                contacts:
                  - {email: dx@kurashiki.example}
                  - {email: cio@kurashiki.example, minSeverity: CRITICAL}
            systems:
              - id: juki
                name: {ja: 住記系, en: Resident records}
            vendors:
              - id: fujitsu-japan
                name: {ja: 富士通Japan, en: Fujitsu Japan}
                contacts:
                  - {email: ops@fujitsu-japan.example, language: en, minSeverity: MAJOR}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                contacts:
                  - {email: duty@kurashiki.example, minSeverity: CRITICAL}
                targets:
                  - {host: krs-juki-db1, critical: true}
            """.getBytes(StandardCharsets.UTF_8)), "test");

    static Incident incident(Severity severity, boolean serviceDown) {
        Alert alert = new Alert("kurashiki/krs-juki-db1|RESOURCE|DISK:/var", AlertKind.RESOURCE, severity, true,
                "kurashiki/krs-juki-db1", T0, "RESOURCE_WARNING", "disk /var at 81.0% (warning at 80%)");
        return Incident.open("INC-20261126-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(alert), serviceDown, T0, T0.plusSeconds(30), Duration.ofHours(1));
    }

    @Test
    void contactsAreToldAboutIncidentsAtLeastAsSevereAsTheyAskedFor() {
        assertThat(FirstReportMailer.recipients(incident(Severity.WARNING, false), CATALOG)).extracting(Contact::email)
                .containsExactly("dx@kurashiki.example");
        assertThat(FirstReportMailer.recipients(incident(Severity.MAJOR, false), CATALOG)).extracting(Contact::email)
                .containsExactly("dx@kurashiki.example", "ops@fujitsu-japan.example");
        assertThat(FirstReportMailer.recipients(incident(Severity.MAJOR, true), CATALOG)).extracting(Contact::email)
                .containsExactly("dx@kurashiki.example", "cio@kurashiki.example", "ops@fujitsu-japan.example",
                        "duty@kurashiki.example");
    }

    @Test
    void titleSaysWhatKindOfTroubleItIs() {
        assertThat(FirstReportMailer.title("RESOURCE", true, "kurashiki/krs-juki-db1"))
                .isEqualTo("リソース使用率の閾値超過（kurashiki/krs-juki-db1）");
        assertThat(FirstReportMailer.title("BATCH", false, "kurashiki/krs-juki-db1"))
                .isEqualTo("batch job problem on kurashiki/krs-juki-db1");
        assertThat(FirstReportMailer.title("LIVENESS", true, "a、b")).isEqualTo("死活監視で応答なし（a、b）");
    }
}
