package io.mihari.alert.mail;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.SlaPolicy;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Language;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the incident mails are built from, without rendering: the compose* methods render Qute type-safe templates
 * ({@code MailTemplates} is a {@code @CheckedTemplate} of native methods Quarkus generates at build time), which do
 * not exist in a plain unit test, so only the parts around them are tested here: who gets the reminders and report
 * requests, and the timeline rows attached to a submitted report.
 */
class IncidentMailerTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String DB1 = "kurashiki/krs-juki-db1";

    static Catalog catalog(String vendorContacts) {
        return CatalogLoader.load(new ByteArrayInputStream(("""
                tenants:
                  - id: kurashiki
                    name: {ja: 倉敷市, en: Kurashiki}
                    contacts:
                      - {email: dx@kurashiki.example}
                      - {email: intl@kurashiki.example, language: en}
                      - {email: cio@kurashiki.example, minSeverity: CRITICAL}
                systems:
                  - id: juki
                    name: {ja: 住記系, en: Resident records}
                vendors:
                  - id: fujitsu-japan
                    name: {ja: 富士通Japan, en: Fujitsu Japan}
                """ + vendorContacts + """
                services:
                  - id: kurashiki-juki
                    tenant: kurashiki
                    system: juki
                    vendor: fujitsu-japan
                    targets:
                      - {host: krs-juki-db1, critical: true}
                """).getBytes(StandardCharsets.UTF_8)), "test");
    }

    static final Catalog WITH_VENDOR_CONTACTS = catalog(""
            + "    contacts:\n"
            + "      - {email: ops@fujitsu-japan.example, language: en}\n"
            + "      - {email: unyo@fujitsu-japan.example}\n"
            + "      - {email: ops@fujitsu-japan.example, language: en}\n"
            + "      - {email: noc@fujitsu-japan.example, language: en}\n");

    static final Catalog NO_VENDOR_CONTACTS = catalog("");

    static Alert disk(boolean firing, long second) {
        return new Alert(DB1 + "|RESOURCE|DISK:/var", AlertKind.RESOURCE, Severity.WARNING, firing, DB1,
                T0.plusSeconds(second), firing ? "RESOURCE_WARNING" : "RESOURCE_RECOVERED",
                firing ? "disk /var at 81.0% (warning at 80%)" : "disk /var at 60.0%");
    }

    static Incident incident() {
        return Incident.open("INC-20261126-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(disk(true, -30)), false, T0, T0.plusSeconds(30), SlaPolicy.DEFAULT, false);
    }

    // ---- who is asked ----

    @Test
    void remindersAndReportRequestsGoToTheVendorsContactsByLanguage() {
        Map<Language, Set<String>> to = IncidentMailer.vendorAddresses(incident(), WITH_VENDOR_CONTACTS);

        assertThat(to).containsOnlyKeys(Language.JA, Language.EN);
        assertThat(to.get(Language.JA)).containsExactly("unyo@fujitsu-japan.example");
        assertThat(to.get(Language.EN)).as("each address once, in catalog order")
                .containsExactly("ops@fujitsu-japan.example", "noc@fujitsu-japan.example");
        assertThat(List.copyOf(to.keySet())).containsExactly(Language.JA, Language.EN);
    }

    @Test
    void aVendorWithoutContactsLeavesThemToEveryoneToldAboutTheIncident() {
        Map<Language, Set<String>> to = IncidentMailer.vendorAddresses(incident(), NO_VENDOR_CONTACTS);

        assertThat(to).isEqualTo(FirstReportMailer.addressesByLanguage(incident(), NO_VENDOR_CONTACTS));
        assertThat(to.get(Language.JA)).as("the CIO only hears of critical incidents")
                .containsExactly("dx@kurashiki.example");
        assertThat(to.get(Language.EN)).containsExactly("intl@kurashiki.example");
    }

    @Test
    void vendorContactsAreAskedOnlyAboutIncidentsTheyWantToHearOf() {
        Catalog catalog = catalog(""
                + "    contacts:\n"
                + "      - {email: ops@fujitsu-japan.example, language: en}\n"
                + "      - {email: manager@fujitsu-japan.example, minSeverity: CRITICAL}\n");

        Map<Language, Set<String>> to = IncidentMailer.vendorAddresses(incident(), catalog);

        assertThat(to.values().stream().flatMap(Set::stream).toList())
                .containsExactly("ops@fujitsu-japan.example");
    }

    // ---- the timeline attached to a submitted report ----

    @Test
    void timelineRowsAreInJapanTimeOldestFirstWithWhoDidItInTheReadersLanguage() {
        Incident incident = incident()
                .acknowledge("佐藤", "looking", T0.plusSeconds(100))
                .withAlertResolved(disk(false, 3600), T0.plusSeconds(3610), SlaPolicy.DEFAULT)
                .attribute("CLOUD", "tanaka", null, T0.plusSeconds(3700))
                .statusUpdate("back at 01:30", "佐藤", T0.plusSeconds(90), T0.plusSeconds(3800), SlaPolicy.DEFAULT);

        assertThat(IncidentMailer.timeline(incident, false)).extracting(ReportView.Row::label, ReportView.Row::value)
                .containsExactly(
                        tuple("2026/11/26 00:29:30 JST", "disk /var use on kurashiki/krs-juki-db1 is above its threshold"),
                        tuple("2026/11/26 00:30:30 JST", "incident opened"),
                        tuple("2026/11/26 00:31:30 JST", "status report #1: back at 01:30 (佐藤)"),
                        tuple("2026/11/26 00:31:40 JST", "acknowledged: looking (佐藤)"),
                        tuple("2026/11/26 01:30:00 JST", "disk /var use on kurashiki/krs-juki-db1 no longer above its threshold"),
                        tuple("2026/11/26 01:30:00 JST", "every problem of the incident ended: provisionally recovered"),
                        tuple("2026/11/26 01:31:40 JST", "attribution not set -> cloud provider (tanaka)"));
        assertThat(IncidentMailer.timeline(incident, true)).extracting(ReportView.Row::label, ReportView.Row::value)
                .containsExactly(
                        tuple("2026/11/26 00:29:30", "kurashiki/krs-juki-db1 のディスク使用率（/var）が閾値を超えています"),
                        tuple("2026/11/26 00:30:30", "障害として受け付けました"),
                        tuple("2026/11/26 00:31:30", "状況報告 #1: back at 01:30（佐藤）"),
                        tuple("2026/11/26 00:31:40", "対応を開始しました: looking（佐藤）"),
                        tuple("2026/11/26 01:30:00", "kurashiki/krs-juki-db1 のディスク使用率（/var）が閾値を下回りました"),
                        tuple("2026/11/26 01:30:00", "すべての事象が解消し、暫定復旧となりました"),
                        tuple("2026/11/26 01:31:40", "責任区分を 未設定 から クラウド事業者 に変更しました（tanaka）"));
    }
}
