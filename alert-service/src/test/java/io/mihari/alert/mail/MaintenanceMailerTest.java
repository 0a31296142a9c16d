package io.mihari.alert.mail;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Language;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the maintenance mails are built from, without rendering (the Qute type-safe templates exist only in the
 * application; MaintenanceApprovalTest reads the mails as the SMTP server got them): who gets them, and the thread
 * every mail of a window belongs to.
 */
class MaintenanceMailerTest {

    static Catalog catalog(String cityContacts) {
        return CatalogLoader.load(new ByteArrayInputStream(("""
                tenants:
                  - id: kurashiki
                    name: {ja: 倉敷市, en: Kurashiki}
                """ + cityContacts + """
                systems:
                  - id: juki
                    name: {ja: 住記系, en: Resident records}
                vendors:
                  - id: fujitsu-japan
                    name: {ja: 富士通Japan, en: Fujitsu Japan}
                    contacts:
                      - {email: ops@fujitsu-japan.example, language: en}
                      - {email: kanri@fujitsu-japan.example}
                services:
                  - id: kurashiki-juki
                    tenant: kurashiki
                    system: juki
                    vendor: fujitsu-japan
                    contacts:
                      - {email: duty@kurashiki.example}
                    targets:
                      - {host: krs-juki-db1, critical: true}
                """).getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void theRequestGoesToEveryContactOfTheCityWhateverTheirSeverity() {
        Catalog c = catalog("""
                    contacts:
                      - {email: dx@kurashiki.example}
                      - {email: cio@kurashiki.example, minSeverity: CRITICAL}
                      - {email: intl@kurashiki.example, language: en}
                """);

        assertThat(MaintenanceMailer.cityAddresses(c.service("kurashiki-juki").orElseThrow(), c)).isEqualTo(Map.of(
                Language.JA, Set.of("dx@kurashiki.example", "cio@kurashiki.example"),
                Language.EN, Set.of("intl@kurashiki.example")));
    }

    @Test
    void aCityWithoutContactsIsAskedThroughTheServicesOwn() {
        Catalog c = catalog("");

        assertThat(MaintenanceMailer.cityAddresses(c.service("kurashiki-juki").orElseThrow(), c))
                .isEqualTo(Map.of(Language.JA, Set.of("duty@kurashiki.example")));
    }

    @Test
    void theDecisionGoesToTheVendorsContactsInTheirLanguages() {
        Catalog c = catalog("");

        assertThat(MaintenanceMailer.vendorAddresses(c.service("kurashiki-juki").orElseThrow(), c)).isEqualTo(Map.of(
                Language.EN, Set.of("ops@fujitsu-japan.example"), Language.JA, Set.of("kanri@fujitsu-japan.example")));
    }

    @Test
    void aWindowsThreadIsAValidMessageIdPartThatNoIncidentAndNoOtherWindowShares() {
        assertThat(MaintenanceMailer.thread("INC-20261126-0002")).isEqualTo("maintenance.INC-20261126-0002");
        assertThat(MaintenanceMailer.thread("mw:2026..11")).isEqualTo("maintenance.mw=2026++11");
        assertThat(Outbox.threadRoot(MaintenanceMailer.thread("mw:2026..11"), "ja"))
                .isEqualTo("<maintenance.mw=2026++11.ja@mihari>").matches("<[A-Za-z0-9=+_-]+(\\.[A-Za-z0-9=+_-]+)*@mihari>");
        assertThat(MaintenanceMailer.windowOf(MaintenanceMailer.thread("mw:2026..11"))).isEqualTo("mw:2026..11");
        assertThat(MaintenanceMailer.thread("mw_1")).isNotEqualTo(MaintenanceMailer.thread("mw:1"));
    }

    @Test
    void theRequestAndARegistrationStartTheirThreadsADecisionAnswersIt() {
        assertThat(Outbox.rootOfThread(MaintenanceMailer.REQUEST)).isTrue();
        assertThat(Outbox.rootOfThread(MaintenanceMailer.REGISTERED)).isTrue();
        assertThat(Outbox.rootOfThread(MaintenanceMailer.DECISION)).isFalse();
        assertThat(Outbox.rootOfThread(FirstReportMailer.KIND)).isTrue();
        assertThat(Outbox.rootOfThread("STATUS_REPORT")).isFalse();
        assertThat(MaintenanceMailer.isMaintenance(MaintenanceMailer.DECISION)).isTrue();
        assertThat(MaintenanceMailer.isMaintenance("FIRST_REPORT")).isFalse();
    }
}
