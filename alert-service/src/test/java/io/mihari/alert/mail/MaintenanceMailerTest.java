package io.mihari.alert.mail;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Language;
import io.mihari.model.catalog.Service;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.Recurrence;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance mails: who gets them, the thread every mail of a window belongs to, and every mail whole (rendered
 * from the application's templates by {@link MailLanguage#LAYOUT}; MaintenanceApprovalTest reads them as the SMTP
 * server got them) in its reader's language, with times as every other mail writes them.
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

    // ---- every mail, whole, in its reader's language ----

    static final Instant ASKED = Instant.parse("2026-12-10T06:05:00Z"); // 2026/12/10 15:05:00 JST
    static final Instant START = Instant.parse("2026-12-19T17:00:00Z"); // 2026/12/20 02:00:00 JST
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final List<String> VERBATIM = List.of("mw-patch-7", "mw-backup", "OS パッチ適用", "定期バックアップ",
            "田中 (Fujitsu)", "佐藤 (倉敷市)", "手順書どおりに", "年度末の繁忙期のため", DB1);

    @Test
    void everyMaintenanceMailIsInItsReadersLanguageWithTheSameTimesAsEveryOtherMail() {
        Catalog c = catalog("""
                    contacts:
                      - {email: dx@kurashiki.example}
                      - {email: intl@kurashiki.example, language: en}
                """);
        Service service = c.service("kurashiki-juki").orElseThrow();
        MaintenanceMailer mailer = new MaintenanceMailer(null, null, "https://mihari.example",
                Clock.fixed(ASKED, ZoneOffset.UTC), MailLanguage.LAYOUT);
        Map<Language, Set<String>> to = new EnumMap<>(Map.of(Language.JA, Set.of("kanri@fujitsu-japan.example"),
                Language.EN, Set.of("ops@fujitsu-japan.example")));
        MaintenanceWindow request = MaintenanceWindow.asked("mw-patch-7", "kurashiki-juki", List.of(), "OS パッチ適用",
                START, START.plus(Duration.ofHours(2)), null, true).requested("田中 (Fujitsu)", ASKED, true);
        MaintenanceWindow weekly = MaintenanceWindow.asked("mw-backup", "kurashiki-juki", List.of(DB1), "定期バックアップ",
                START, null, new Recurrence(List.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY), LocalTime.of(2, 0),
                        Duration.ofMinutes(90), Recurrence.DEFAULT_ZONE), false)
                .registered("佐藤 (倉敷市)", "operator", ASKED, false);

        List<OutboxMail> mails = new ArrayList<>();
        mails.addAll(mailer.compose(request, MaintenanceMailer.REQUEST, service, c, to, ASKED));
        mails.addAll(mailer.compose(request.decided(MaintenanceWindow.Status.APPROVED, "佐藤 (倉敷市)",
                ASKED.plusSeconds(60), "手順書どおりに"), MaintenanceMailer.DECISION, service, c, to, ASKED));
        mails.addAll(mailer.compose(request.decided(MaintenanceWindow.Status.REJECTED, "佐藤 (倉敷市)",
                ASKED.plusSeconds(60), "年度末の繁忙期のため"), MaintenanceMailer.DECISION, service, c, to, ASKED));
        mails.addAll(mailer.compose(weekly, MaintenanceMailer.REGISTERED, service, c, to, ASKED));

        assertThat(mails).hasSize(8);
        MailLanguage.assertInItsLanguage(mails, VERBATIM);
        OutboxMail requestJa = mails.get(0);
        OutboxMail requestEn = mails.get(1);
        assertThat(requestJa.language()).isEqualTo("ja");
        assertThat(requestJa.subject()).isEqualTo("[Mihari][倉敷市/住記系][計画停止 mw-patch-7] 計画停止の承認依頼（緊急）: "
                + "OS パッチ適用 (2026/12/20 02:00:00 – 2026/12/20 04:00:00)");
        assertThat(requestJa.text()).contains("日時: 2026/12/20 02:00:00 – 2026/12/20 04:00:00\n",
                "申請日時: 2026/12/10 15:05:00\n", "開始（2026/12/20 02:00:00）までに");
        assertThat(requestEn.subject()).isEqualTo("[Mihari][Kurashiki/Resident records][Maintenance mw-patch-7] "
                + "Maintenance approval requested (urgent): OS パッチ適用 (2026/12/20 02:00:00 JST – 2026/12/20 04:00:00 JST)");
        assertThat(requestEn.text()).contains("When: 2026/12/20 02:00:00 JST – 2026/12/20 04:00:00 JST\n",
                "Requested at: 2026/12/10 15:05:00 JST\n");
        assertThat(mails.get(2).text()).contains("承認日時: 2026/12/10 15:06:00\n");
        assertThat(mails.get(6).text()).contains("日時: 毎週 月・木 02:00 から 1時間30分（日本時間）、2026/12/20 から（終了日なし）\n");
        assertThat(mails.get(7).text()).contains(
                "When: every Mon, Thu at 02:00 for 1 h 30 min (JST), from 2026/12/20 (no end)\n");
    }
}
