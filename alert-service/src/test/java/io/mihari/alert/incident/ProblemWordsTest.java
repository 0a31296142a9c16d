package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.BatchMonitor;
import io.mihari.alert.detect.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text people read about an incident (a problem's line, a title, each timeline line) exists in Japanese and
 * English, differs between them, names no machine value (LIVENESS, BATCH_FAILED, MITIGATED, CLOUD …) in Japanese and
 * has no raw ISO instant in either: a new alert cause or timeline line without a translation fails here.
 */
class ProblemWordsTest {

    static final Instant T0 = Instant.parse("2026-12-06T03:25:43.165082049Z"); // 2026/12/06 12:25:43 JST
    static final String MON1 = "kurashiki/krs-juki-mon1";
    static final String DB1 = "kurashiki/krs-juki-db1";

    /** Machine names that must never reach a Japanese reader. */
    static final Pattern MACHINE = Pattern.compile("\\b(" + String.join("|", Stream.of(
            Arrays.stream(AlertKind.values()).map(Enum::name),
            Arrays.stream(Severity.values()).map(Enum::name),
            Arrays.stream(IncidentStatus.values()).map(Enum::name),
            Stream.of("VENDOR", "CLOUD", "CITY", "EXTERNAL", "PLANNED", "DOWN", "UP", "null"),
            Stream.of("[A-Z]+_[A-Z_]+")).flatMap(s -> s).toList()) + ")\\b");
    static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    static final Pattern JAPANESE = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");

    /** One alert of each kind and cause the detectors raise, firing and ended, with and without facts. */
    static List<Alert> everyAlert() {
        List<Alert> alerts = new ArrayList<>();
        String down = MON1 + "|DOWN";
        for (String cause : List.of("HEARTBEAT_MISSING", "MONITOR_CAUGHT_UP", "restored")) {
            alerts.add(new Alert(down, AlertKind.LIVENESS, Severity.MAJOR, true, MON1, T0, cause,
                    MON1 + " is down: no heartbeat since " + T0));
        }
        alerts.add(new Alert(down, AlertKind.LIVENESS, Severity.MAJOR, false, MON1, T0, "HEARTBEAT_RECEIVED", "up"));
        alerts.add(new Alert(down, AlertKind.CHECK, Severity.MAJOR, true, MON1, T0, "CHECK_FAILED", "down",
                Map.of(Alert.CHECK, "portal", Alert.MESSAGE, "HTTP 503")));
        alerts.add(new Alert(down, AlertKind.CHECK, Severity.MAJOR, true, MON1, T0, "RESTORED", "down (restored)"));
        alerts.add(new Alert(down, AlertKind.CHECK, Severity.MAJOR, false, MON1, T0, "CHECK_RECOVERED", "up",
                Map.of(Alert.CHECK, "portal", Alert.MESSAGE, "HTTP 200")));
        for (String subject : List.of("CPU", "MEMORY", "SWAP", "DISK:/var")) {
            String key = Alert.key(DB1, AlertKind.RESOURCE, subject);
            Map<String, String> facts = Map.of(Alert.VALUE, "95.0%", Alert.THRESHOLD, "90%");
            alerts.add(new Alert(key, AlertKind.RESOURCE, Severity.MAJOR, true, DB1, T0, "RESOURCE_CRITICAL", "x",
                    facts));
            alerts.add(new Alert(key, AlertKind.RESOURCE, Severity.WARNING, true, DB1, T0, "RESOURCE_WARNING", "x",
                    facts));
            alerts.add(new Alert(key, AlertKind.RESOURCE, Severity.WARNING, true, DB1, T0, "RESOURCE_WARNING", "x"));
            alerts.add(new Alert(key, AlertKind.RESOURCE, Severity.MAJOR, false, DB1, T0, "RESOURCE_RECOVERED", "x",
                    Map.of(Alert.VALUE, "40.0%", Alert.THRESHOLD, "90%")));
            alerts.add(new Alert(key, AlertKind.RESOURCE, Severity.MAJOR, false, DB1, T0, "RESOURCE_RECOVERED", "x"));
        }
        String job = Alert.key(DB1, AlertKind.BATCH, "nightly-close");
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_FAILED, "x",
                Map.of(Alert.RUN, "r-7", Alert.EXIT_CODE, "3", Alert.MESSAGE, "ORA-01555: snapshot too old")));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_FAILED, "x"));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_TIMED_OUT, "x",
                Map.of(Alert.RUN, "r-7")));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_HUNG, "x",
                Map.of(Alert.RUN, "r-7", Alert.LIMIT, "PT2H")));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_MISSED, "x",
                Map.of(Alert.SCHEDULED, "2026-12-05T17:30:00Z", Alert.LIMIT, "PT30M")));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_MISSED, "x",
                Map.of(Alert.SCHEDULED, "2026-12-05T17:30:00Z", Alert.LIMIT, "PT30M", Alert.CALENDAR,
                        "on: lastBusinessDay")));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, "RESTORED", "open before a restart"));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, false, DB1, T0, BatchMonitor.CAUSE_SUCCEEDED, "x"));
        alerts.add(new Alert(job, AlertKind.BATCH, Severity.MAJOR, false, DB1, T0, BatchMonitor.CAUSE_STARTED, "x"));
        String app = Alert.key(DB1, AlertKind.OPERATING_STATUS, "juki-ap");
        alerts.add(new Alert(app, AlertKind.OPERATING_STATUS, Severity.MAJOR, true, DB1, T0,
                io.mihari.alert.detect.OperatingStatusMonitor.CAUSE_STOPPED, "x", Map.of(Alert.MESSAGE, "queue full")));
        alerts.add(new Alert(app, AlertKind.OPERATING_STATUS, Severity.WARNING, true, DB1, T0,
                io.mihari.alert.detect.OperatingStatusMonitor.CAUSE_DEGRADED, "x"));
        alerts.add(new Alert(app, AlertKind.OPERATING_STATUS, Severity.WARNING, true, DB1, T0, "RESTORED", "x"));
        alerts.add(new Alert(app, AlertKind.OPERATING_STATUS, Severity.MAJOR, false, DB1, T0,
                io.mihari.alert.detect.OperatingStatusMonitor.CAUSE_RUNNING, "x"));
        String slow = io.mihari.alert.detect.LatencyMonitor.key(MON1, "portal");
        alerts.add(new Alert(slow, AlertKind.LATENCY, Severity.WARNING, true, MON1, T0, "LATENCY_WARNING", "x",
                Map.of(Alert.CHECK, "portal", Alert.VALUE, "950 ms", Alert.THRESHOLD, "800 ms")));
        alerts.add(new Alert(slow, AlertKind.LATENCY, Severity.WARNING, true, MON1, T0, "LATENCY_WARNING", "x",
                Map.of(Alert.CHECK, "portal", Alert.VALUE, "650 ms", Alert.THRESHOLD, "600 ms", "baseline", "300 ms",
                        "percentile", "95", "factor", "2", "days", "7")));
        alerts.add(new Alert(slow, AlertKind.LATENCY, Severity.MAJOR, true, MON1, T0, "LATENCY_CRITICAL", "x",
                Map.of(Alert.CHECK, "portal", Alert.VALUE, "2500 ms", Alert.THRESHOLD, "2000 ms")));
        alerts.add(new Alert(slow, AlertKind.LATENCY, Severity.WARNING, true, MON1, T0, "RESTORED", "x"));
        alerts.add(new Alert(slow, AlertKind.LATENCY, Severity.MAJOR, false, MON1, T0, "LATENCY_OK", "x",
                Map.of(Alert.CHECK, "portal", Alert.VALUE, "400 ms", Alert.THRESHOLD, "800 ms")));
        alerts.add(new Alert(slow, AlertKind.LATENCY, Severity.WARNING, false, MON1, T0, "LATENCY_OK", "x"));
        return alerts;
    }

    /** What people wrote in the test's commands: it goes into both languages unchanged. */
    static final List<String> WRITTEN = List.of("調査中", "DB を再起動しています", "バッチを再実行して完了", "基盤側の障害",
            "恒久対策済み");

    static void assertTranslated(String what, String ja, String en) {
        assertThat(ja).as(what + " ja").isNotBlank().containsPattern(JAPANESE).doesNotContainPattern(MACHINE)
                .doesNotContainPattern(ISO_INSTANT);
        String mihariEn = en;
        for (String written : WRITTEN) {
            mihariEn = mihariEn.replace(written, "");
        }
        assertThat(mihariEn).as(what + " en (without what people wrote)").doesNotContainPattern(JAPANESE);
        assertThat(en).as(what + " en").isNotBlank()
                .doesNotContainPattern(ISO_INSTANT).doesNotContain("null");
        assertThat(ja).as(what).isNotEqualTo(en);
    }

    @Test
    void everyAlertOfEveryKindAndCauseReadsInBothLanguages() {
        for (Alert a : everyAlert()) {
            ProblemWords.Text text = ProblemWords.alert(a);
            assertTranslated(a.key() + " " + a.cause() + (a.firing() ? " firing" : " ended"), text.ja(), text.en());
            assertThat(text.ja()).as("names its target").contains(a.targetId());
            assertThat(text.en()).as("names its target").contains(a.targetId());
            if (a.firing()) {
                Problem p = Problem.of(a);
                ProblemWords.Text title = ProblemWords.title(p);
                assertTranslated("title of " + a.key(), title.ja(), title.en());
                ProblemWords.Text line = ProblemWords.line(p);
                assertTranslated("line of " + a.key(), line.ja(), line.en());
                assertThat(line.ja()).contains("2026/12/06 12:25:43");
                assertThat(line.en()).contains("2026/12/06 12:25:43 JST");
            }
        }
    }

    @Test
    void aSlowCheckNamesTheCheckTheValueTheThresholdAndTheBaseline() {
        String key = io.mihari.alert.detect.LatencyMonitor.key(MON1, "portal");
        Alert slow = new Alert(key, AlertKind.LATENCY, Severity.WARNING, true, MON1, T0, "LATENCY_WARNING", "x",
                Map.of(Alert.CHECK, "portal", Alert.VALUE, "650 ms", Alert.THRESHOLD, "600 ms", "baseline", "300 ms",
                        "percentile", "95", "factor", "2", "days", "7"));
        assertThat(ProblemWords.alert(slow)).isEqualTo(new ProblemWords.Text(
                "kurashiki/krs-juki-mon1 の稼働確認「portal」の応答時間が 650 ms です（警告閾値 600 ms = 過去7日の p95 300 ms × 2）",
                "check portal on kurashiki/krs-juki-mon1 responds in 650 ms (warning at 600 ms = 2 × p95 300 ms of the"
                        + " last 7 days)"));
        assertThat(ProblemWords.title(List.of(Problem.of(slow)))).isEqualTo(new ProblemWords.Text(
                "応答時間の遅延: portal（kurashiki/krs-juki-mon1）", "slow response: check portal on kurashiki/krs-juki-mon1"));
        Alert critical = new Alert(key, AlertKind.LATENCY, Severity.MAJOR, true, MON1, T0, "LATENCY_CRITICAL", "x",
                Map.of(Alert.CHECK, "portal", Alert.VALUE, "2500 ms", Alert.THRESHOLD, "2000 ms"));
        assertThat(ProblemWords.alert(critical).ja())
                .isEqualTo("kurashiki/krs-juki-mon1 の稼働確認「portal」の応答時間が 2500 ms です（危険閾値 2000 ms）");
        assertThat(ProblemWords.kind("LATENCY")).isEqualTo(new ProblemWords.Text("応答時間", "response time"));
    }

    @Test
    void theBatchProblemIsCalledABatchProblemNotALivenessFailure() {
        Alert batch = new Alert(Alert.key(DB1, AlertKind.BATCH, "nightly-close"), AlertKind.BATCH, Severity.MAJOR,
                true, DB1, T0, BatchMonitor.CAUSE_FAILED, "x", Map.of(Alert.EXIT_CODE, "3"));

        assertThat(ProblemWords.title(List.of(Problem.of(batch))))
                .isEqualTo(new ProblemWords.Text("バッチ処理の異常: nightly-close（kurashiki/krs-juki-db1）",
                        "batch job problem: nightly-close on kurashiki/krs-juki-db1"));
        assertThat(ProblemWords.alert(batch).ja())
                .isEqualTo("kurashiki/krs-juki-db1 のバッチ処理 nightly-close が異常終了しました（終了コード 3）")
                .doesNotContain("死活");
    }

    @Test
    void aBatchIncidentTitleNamesTheCountTheReRunAndTheLinkageFile() {
        Alert failed = new Alert(Alert.key(DB1, AlertKind.BATCH, "nightly-close"), AlertKind.BATCH, Severity.MAJOR,
                true, DB1, T0, BatchMonitor.CAUSE_FAILED, "x", Map.of(Alert.EXIT_CODE, "3"));
        Alert rerun = new Alert(Alert.key(DB1, AlertKind.BATCH, "nightly-close") + BatchMonitor.RERUN_SUFFIX,
                AlertKind.BATCH, Severity.MAJOR, true, DB1, T0, BatchMonitor.CAUSE_NO_TIME_TO_RERUN, "x", Map.of());
        Alert count = new Alert(Alert.key(DB1, AlertKind.BATCH, "export") + BatchMonitor.COUNT_SUFFIX,
                AlertKind.BATCH, Severity.WARNING, true, DB1, T0, BatchMonitor.CAUSE_COUNT_OUT_OF_RANGE, "x", Map.of());
        Alert file = new Alert(io.mihari.alert.detect.FileMonitor.key(DB1, "juki-to-fukushi"), AlertKind.BATCH,
                Severity.MAJOR, true, DB1, T0, io.mihari.alert.detect.FileMonitor.CAUSE_MISSING, "x", Map.of());

        assertThat(ProblemWords.title(List.of(Problem.of(failed), Problem.of(rerun)))).isEqualTo(
                new ProblemWords.Text("バッチ処理の異常: nightly-close（kurashiki/krs-juki-db1）／バッチ処理の再実行の余裕なし:"
                        + " nightly-close（kurashiki/krs-juki-db1）", "batch job problem: nightly-close on"
                        + " kurashiki/krs-juki-db1; no room to re-run batch job: nightly-close on kurashiki/krs-juki-db1"));
        assertThat(ProblemWords.title(List.of(Problem.of(count)))).isEqualTo(new ProblemWords.Text(
                "バッチ処理の処理件数の異常: export（kurashiki/krs-juki-db1）",
                "batch job processed count out of range: export on kurashiki/krs-juki-db1"));
        assertThat(ProblemWords.title(List.of(Problem.of(file)))).isEqualTo(new ProblemWords.Text(
                "連携ファイルの異常: juki-to-fukushi（kurashiki/krs-juki-db1）",
                "linkage file problem: juki-to-fukushi on kurashiki/krs-juki-db1"));
    }

    @Test
    void timesAreJapanTimeToTheSecondNeverNanosecondInstants() {
        assertThat(ProblemWords.time(T0, true)).isEqualTo("2026/12/06 12:25:43");
        assertThat(ProblemWords.time(T0, false)).isEqualTo("2026/12/06 12:25:43 JST");
        assertThat(ProblemWords.inJst("no heartbeat since 2026-12-06T03:25:43.165082049Z", false))
                .isEqualTo("no heartbeat since 2026/12/06 12:25:43 JST");
        assertThat(ProblemWords.inJst("since 2026-12-06T03:25:43Z and 2026-12-06T12:26:00+09:00", true))
                .isEqualTo("since 2026/12/06 12:25:43 and 2026/12/06 12:26:00");
    }

    @Test
    void aTimelineLineStoredBeforeLinesHadWordsReadsAsItsMessageInJapanTime() {
        TimelineEntry old = new TimelineEntry(T0, "TARGET_DOWN", MON1, MON1 + " is down: no heartbeat since " + T0,
                null, null, null);

        assertThat(old.en()).isEqualTo(MON1 + " is down: no heartbeat since 2026/12/06 12:25:43 JST");
        assertThat(old.ja()).isEqualTo(MON1 + " is down: no heartbeat since 2026/12/06 12:25:43");
    }

    @Test
    void anIncidentStoredBeforeIncidentsKeptTheirProblemsIsNamedFromItsKeys() {
        Incident opened = open(List.of(down(MON1, 0)));
        Incident old = new Incident(opened.id(), opened.tenant(), opened.system(), opened.serviceId(),
                opened.vendor(), "BATCH", opened.severity(), opened.status(), opened.title(), List.of(DB1),
                List.of(DB1 + "|BATCH|export"), null, opened.detectedAt(), opened.startedAt(), opened.openedAt(), null,
                null, null, 0, null, false, null, null, opened.timeline(), opened.sla(), null, opened.updatedAt(), -1, 1,
                null, null, null);

        assertThat(old.titleJa()).isEqualTo("バッチ処理の異常: export（kurashiki/krs-juki-db1）");
        assertThat(old.titleEn()).isEqualTo("batch job problem: export on kurashiki/krs-juki-db1");
    }

    /** Every timeline line an incident can get, through its whole life and every command, in both languages. */
    @Test
    void everyTimelineLineAndTitleOfAWholeIncidentReadsInBothLanguages() {
        SlaPolicy policy = SlaPolicy.DEFAULT;
        Alert mon1 = down(MON1, 0);
        Incident i = Incident.open("INC-20261206-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(mon1), false, T0, T0.plusSeconds(30), policy, true);
        i = i.maintenanceOver(T0.plusSeconds(60), policy);
        i = i.withAlert(everyAlert().stream().filter(a -> a.firing() && a.kind() == AlertKind.BATCH).findFirst()
                .orElseThrow(), T0.plusSeconds(70));
        i = i.serviceDown(T0.plusSeconds(71), T0.plusSeconds(72));
        i = i.firstReportSent(T0.plusSeconds(80));
        i = i.acknowledge("田中 (Fujitsu)", "調査中", T0.plusSeconds(90));
        i = i.acknowledge("田中 (Fujitsu)", null, T0.plusSeconds(91));
        i = i.statusReminderMade(T0.plusSeconds(3630), T0.plusSeconds(2730));
        i = i.statusUpdate("DB を再起動しています", "田中 (Fujitsu)", T0.plusSeconds(2800), T0.plusSeconds(2800), policy);
        i = i.statusReportSent(1, T0.plusSeconds(2810));
        i = i.automaticStatusReport(ProblemWords.automaticSummary(i, T0.plusSeconds(6400), false),
                T0.plusSeconds(6400), policy);
        i = i.withAlertResolved(new Alert(mon1.key(), mon1.kind(), mon1.severity(), false, MON1, T0.plusSeconds(6500),
                "HEARTBEAT_RECEIVED", "up"), T0.plusSeconds(6500), policy);
        i = i.markMitigated(T0.plusSeconds(6600), "田中 (Fujitsu)", "バッチを再実行して完了", T0.plusSeconds(6600), policy);
        i = i.recoveryReportSent(T0.plusSeconds(6610));
        Alert again = down(MON1, 6700);
        i = i.reopen(again, T0.plusSeconds(6700), policy);
        i = i.markMitigated(T0.plusSeconds(6800), "田中 (Fujitsu)", null, T0.plusSeconds(6800), policy);
        i = i.attribute("CLOUD", "佐藤 (倉敷市)", "基盤側の障害", T0.plusSeconds(6900));
        i = i.attribute("VENDOR", "佐藤 (倉敷市)", null, T0.plusSeconds(6910));
        i = i.reportRequested(T0.plusSeconds(7000));
        i = i.reportReminderMade(T0.plusSeconds(7100));
        i = i.resolve("佐藤 (倉敷市)", "恒久対策済み", T0.plusSeconds(7200));
        i = i.submitReport(new WrittenReport("経緯", "原因", "一次対処", "恒久対策", "田中 (Fujitsu)",
                T0.plusSeconds(7300)), T0.plusSeconds(7300));
        assertThat(i.status()).isEqualTo(IncidentStatus.CLOSED);

        assertThat(i.timeline()).extracting(TimelineEntry::type).contains("TARGET_DOWN", "BATCH_ALERT",
                "INCIDENT_OPENED", "MAINTENANCE_OVERRUN", "SERVICE_DOWN", "FIRST_REPORT_SENT", "ACKNOWLEDGED",
                "STATUS_REMINDER", "STATUS_UPDATE", "STATUS_REPORT_SENT", "AUTOMATIC_STATUS_REPORT", "TARGET_UP",
                "MITIGATED", "RECOVERY_REPORT_SENT", "REOPENED", "ATTRIBUTION", "REPORT_REQUESTED", "REPORT_REMINDER",
                "RESOLVED", "REPORT_SUBMITTED", "CLOSED");
        for (TimelineEntry e : i.timeline()) {
            assertTranslated(e.type() + " line", e.ja(), e.en());
        }
        assertTranslated("title", i.titleJa(), i.titleEn());
        assertThat(i.titleJa()).isEqualTo("死活監視で応答なし（kurashiki/krs-juki-mon1）"
                + "／バッチ処理の異常: nightly-close（kurashiki/krs-juki-db1）");
        assertThat(i.timeline()).filteredOn(e -> e.type().equals("STATUS_REMINDER")).singleElement()
                .satisfies(e -> assertThat(e.ja()).contains("2026/12/06 13:26:13"));
        for (IncidentStatus status : IncidentStatus.values()) {
            ProblemWords.Text s = ProblemWords.status(status);
            assertTranslated(status.name(), s.ja(), s.en());
        }
        for (String a : List.of("VENDOR", "CLOUD", "CITY", "EXTERNAL", "PLANNED")) {
            ProblemWords.Text s = ProblemWords.attribution(a);
            assertTranslated(a, s.ja(), s.en());
        }
        assertThat(ProblemWords.automaticSummary(i, T0.plusSeconds(600), true)).doesNotContainPattern(ISO_INSTANT)
                .contains("2026/12/06 12:25:43");
        assertThat(ProblemWords.duration(Duration.ofSeconds(4000), true)).isEqualTo("1時間6分");
    }

    /** What monitoring last observed, for an automatic status report: every sort of fact, in both languages. */
    @Test
    void everyObservationReadsInBothLanguagesWithJapanTimes() {
        String web1 = "kurashiki/lc-web1";
        Instant at = Instant.parse("2026-12-06T14:45:33Z"); // 2026/12/06 23:45:33 JST
        List<Observation> observed = List.of(
                new Observation.Check(web1, "portal", false, "HTTP 503", 12, at),
                new Observation.Check(web1, "portal", true, null, 8, at),
                new Observation.Heartbeat(web1, at.minusSeconds(1)),
                new Observation.Resources(web1, 12.34, 40.0, List.of(new Observation.Disk("/var", 81.04),
                        new Observation.Disk("/", 50)), at),
                new Observation.Resources(web1, 3, null, List.of(), at),
                new Observation.Heartbeat(web1, null),
                new Observation.NoData(web1));
        for (Observation o : observed) {
            ProblemWords.Text text = ProblemWords.observation(o);
            assertTranslated(o.toString(), text.ja(), text.en());
            assertThat(text.ja()).as("names its target").startsWith(web1 + " — ");
            assertThat(text.en()).as("names its target").startsWith(web1 + " — ");
            String mihariJa = text.ja().replace(web1, "").replace("portal", "").replace("HTTP 503", "")
                    .replace("/var", "");
            assertThat(mihariJa).as("no English word of Mihari's own").doesNotContainPattern("\\b(?!ms\\b)[a-z]{2,}\\b")
                    .doesNotContain("JST");
        }
        assertThat(ProblemWords.observation(observed.get(0))).isEqualTo(new ProblemWords.Text(
                "kurashiki/lc-web1 — 稼働確認「portal」: 停止（HTTP 503）、12 ms、2026/12/06 23:45:33",
                "kurashiki/lc-web1 — check portal: down (HTTP 503), 12 ms, 2026/12/06 23:45:33 JST"));
        assertThat(ProblemWords.observation(observed.get(1)).ja())
                .isEqualTo("kurashiki/lc-web1 — 稼働確認「portal」: 正常、8 ms、2026/12/06 23:45:33");
        assertThat(ProblemWords.observation(observed.get(2))).isEqualTo(new ProblemWords.Text(
                "kurashiki/lc-web1 — 最終ハートビート 2026/12/06 23:45:32",
                "kurashiki/lc-web1 — last heartbeat 2026/12/06 23:45:32 JST"));
        assertThat(ProblemWords.observation(observed.get(3))).isEqualTo(new ProblemWords.Text(
                "kurashiki/lc-web1 — CPU使用率 12.3%、メモリ使用率 40.0%、ディスク使用率（/var） 81.0%、ディスク使用率（/） 50.0%、"
                        + "2026/12/06 23:45:33",
                "kurashiki/lc-web1 — CPU use 12.3%, memory use 40.0%, disk /var use 81.0%, disk / use 50.0%, "
                        + "2026/12/06 23:45:33 JST"));
        assertThat(ProblemWords.observation(observed.get(6))).isEqualTo(new ProblemWords.Text(
                "kurashiki/lc-web1 — 監視データがありません", "kurashiki/lc-web1 — no monitoring data"));
    }

    static Alert down(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, target, T0.plusSeconds(second),
                "HEARTBEAT_MISSING", target + " is down: no heartbeat since " + T0.plusSeconds(second));
    }

    static Incident open(List<Alert> alerts) {
        return Incident.open("INC-20261206-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan", alerts,
                false, T0, T0.plusSeconds(30), SlaPolicy.DEFAULT, false);
    }
}
