package io.mihari.alert.mail;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.Observation;
import io.mihari.alert.incident.ProblemWords;
import io.mihari.alert.incident.SlaPolicy;
import io.mihari.alert.incident.SlaRecord;
import io.mihari.alert.incident.WrittenReport;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Language;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The incident mails after the first report: who gets the reminders and report requests, the timeline rows attached
 * to a submitted report, and every mail whole (rendered from the application's templates by
 * {@link MailLanguage#LAYOUT}) in its reader's language, the automatic status report's observations included.
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

    // ---- every mail, whole, in its reader's language ----

    static final String DB2 = "kurashiki/krs-juki-db2";
    static final Instant SEEN = T0.plusSeconds(3590); // 2026/11/26 01:29:50 JST

    /** What the monitoring last saw, one fact of each sort. */
    static final List<Observation> OBSERVED = List.of(
            new Observation.Check(DB1, "portal", false, "HTTP 503", 12, SEEN),
            new Observation.Heartbeat(DB1, SEEN.minusSeconds(1)),
            new Observation.Resources(DB1, 12.5, 40.0, List.of(new Observation.Disk("/var", 81.04)), SEEN),
            new Observation.NoData(DB2));

    /** What people, agents and the catalog wrote in these mails: it appears as written, in either language. */
    static final List<String> VERBATIM = List.of(DB1, DB2, "portal", "HTTP 503", "/var", "DB を再起動しています",
            "田中 (Fujitsu)", "経緯: 00:30 に検知", "原因: ディスク逼迫", "一次対処: ログ削除", "恒久対策: ローテーション設定");

    static IncidentMailer mailer() {
        return new IncidentMailer(null, null, "https://mihari.example", Clock.fixed(T0, ZoneOffset.UTC),
                targets -> OBSERVED, MailLanguage.LAYOUT);
    }

    @Test
    void theAutomaticStatusReportSaysWhatMonitoringObservedInEachReadersLanguage() {
        Incident incident = incident().automaticStatusReport(
                ProblemWords.automaticSummary(incident(), T0.plusSeconds(3630), false), T0.plusSeconds(3630),
                SlaPolicy.DEFAULT);
        SlaRecord.StatusReport report = incident.sla().statusReports().get(0);

        List<OutboxMail> mails = mailer().composeStatusReport(incident, report, OBSERVED, WITH_VENDOR_CONTACTS);

        assertThat(mails).extracting(OutboxMail::language).containsExactly("ja", "en");
        assertThat(mails.get(0).text()).contains("■ 監視で把握している状況\n",
                DB1 + " — 稼働確認「portal」: 停止（HTTP 503）、12 ms、2026/11/26 01:29:50\n",
                DB1 + " — 最終ハートビート 2026/11/26 01:29:49\n",
                DB1 + " — CPU使用率 12.5%、メモリ使用率 40.0%、ディスク使用率（/var） 81.0%、2026/11/26 01:29:50\n",
                DB2 + " — 監視データがありません\n");
        assertThat(mails.get(1).text()).contains("■ What the monitoring observes\n",
                DB1 + " — check portal: down (HTTP 503), 12 ms, 2026/11/26 01:29:50 JST\n",
                DB1 + " — last heartbeat 2026/11/26 01:29:49 JST\n",
                DB1 + " — CPU use 12.5%, memory use 40.0%, disk /var use 81.0%, 2026/11/26 01:29:50 JST\n",
                DB2 + " — no monitoring data\n");
        MailLanguage.assertInItsLanguage(mails, VERBATIM);
    }

    @Test
    void everyMailOfAnIncidentsLifeIsInItsReadersLanguage() {
        IncidentMailer mailer = mailer();
        List<OutboxMail> mails = new ArrayList<>();
        Incident incident = incident().statusUpdate("DB を再起動しています", "田中 (Fujitsu)", T0.plusSeconds(600),
                T0.plusSeconds(600), SlaPolicy.DEFAULT);
        mails.addAll(mailer.composeStatusReport(incident, incident.sla().statusReports().get(0), List.of(),
                WITH_VENDOR_CONTACTS));
        mails.addAll(mailer.composeStatusReminder(incident, incident.sla().nextStatusReportDue(),
                WITH_VENDOR_CONTACTS, T0.plusSeconds(3000)));
        incident = incident.automaticStatusReport(ProblemWords.automaticSummary(incident, T0.plusSeconds(4200), false),
                T0.plusSeconds(4200), SlaPolicy.DEFAULT);
        mails.addAll(mailer.composeStatusReport(incident, incident.sla().statusReports().get(1), OBSERVED,
                WITH_VENDOR_CONTACTS));
        incident = incident.withAlertResolved(disk(false, 4300), T0.plusSeconds(4300), SlaPolicy.DEFAULT)
                .attribute("CLOUD", "田中 (Fujitsu)", null, T0.plusSeconds(4400))
                .reportRequested(T0.plusSeconds(4400));
        mails.addAll(mailer.composeReportRequest(incident, WITH_VENDOR_CONTACTS, T0.plusSeconds(4400), 0));
        mails.addAll(mailer.composeReportRequest(incident, WITH_VENDOR_CONTACTS, T0.plusSeconds(900_000), 1));
        incident = incident.submitReport(new WrittenReport("経緯: 00:30 に検知", "原因: ディスク逼迫", "一次対処: ログ削除",
                "恒久対策: ローテーション設定", "田中 (Fujitsu)", T0.plusSeconds(9000)), T0.plusSeconds(9000));
        mails.addAll(mailer.composeSubmittedReport(incident, WITH_VENDOR_CONTACTS, T0.plusSeconds(9000)));

        assertThat(mails).extracting(OutboxMail::kind).containsOnly(IncidentMailer.STATUS_REPORT,
                IncidentMailer.STATUS_REMINDER, IncidentMailer.REPORT_REQUEST, IncidentMailer.REPORT_REMINDER,
                IncidentMailer.REPORT_SUBMITTED).hasSize(12);
        MailLanguage.assertInItsLanguage(mails, VERBATIM);
        assertThat(mails).filteredOn(m -> m.kind().equals(IncidentMailer.REPORT_SUBMITTED)).extracting(OutboxMail::text)
                .anySatisfy(text -> assertThat(text).contains("責任区分: クラウド事業者")
                        .doesNotContain("CLOUD"))
                .anySatisfy(text -> assertThat(text).contains("Attribution: cloud provider"));
    }

    /** The check itself: the lines and words issue 14 found in Japanese mails, and Japanese in an English one. */
    @Test
    void theLanguageCheckFailsOnRawEnumsIsoInstantsEnglishObservationsAndJapaneseBoilerplate() {
        List<String> verbatim = List.of("kurashiki/lc-web1", "portal", "HTTP 503");
        String ja = "■ 監視で把握している状況\n";
        for (String wrong : List.of("kurashiki/lc-web1 — check portal: DOWN (HTTP 503), 12 ms, 12-06 23:45:33 JST",
                "kurashiki/lc-web1 — last heartbeat 12-06 23:45:32 JST",
                "kurashiki/lc-web1 — 稼働確認「portal」: 停止（HTTP 503）、12 ms、2026/12/06 23:45:33 JST",
                "重大度: MAJOR", "状況: MITIGATED", "責任区分: VENDOR", "発生日時: 2026-12-06T14:45:33Z",
                "日時: 2026-12-20 02:00 JST – 2026-12-20 04:00 JST")) {
            assertThatThrownBy(() -> MailLanguage.assertJapanese("ja", ja + wrong, verbatim)).as(wrong)
                    .isInstanceOf(AssertionError.class);
        }
        MailLanguage.assertJapanese("ja",
                ja + "kurashiki/lc-web1 — 稼働確認「portal」: 停止（HTTP 503）、12 ms、2026/12/06 23:45:33", verbatim);
        for (String wrong : List.of("Status report #2（自動）", "Reported by: Mihari（自動）",
                "Down since: 2026/12/06 23:45:33", "Status: OPEN", "Started: 2026-12-06T14:45:33.120Z")) {
            assertThatThrownBy(() -> MailLanguage.assertEnglish("en", wrong, verbatim)).as(wrong)
                    .isInstanceOf(AssertionError.class);
        }
        MailLanguage.assertEnglish("en", "Status report #2 (automatic) by 田中: 2026/12/06 23:45:33 JST",
                List.of("田中"));
    }
}
