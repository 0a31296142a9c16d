package io.mihari.alert.mail;

import io.mihari.alert.incident.SlaPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryMailerTest {

    @Test
    void durationsReadNaturallyInBothLanguages() {
        assertThat(RecoveryMailer.duration(Duration.ofMinutes(72), true)).isEqualTo("1時間12分");
        assertThat(RecoveryMailer.duration(Duration.ofMinutes(72), false)).isEqualTo("1 h 12 min");
        assertThat(RecoveryMailer.duration(Duration.ofSeconds(59 * 60 + 59), true)).isEqualTo("59分59秒");
        assertThat(RecoveryMailer.duration(Duration.ofSeconds(95), false)).isEqualTo("1 min 35 s");
    }

    @Test
    void aWrittenReportIsRequiredFromExactlySixtyMinutesOfOutage() {
        var incident = FirstReportMailerTest.incident(io.mihari.alert.detect.Severity.MAJOR, true);
        var alert = new io.mihari.alert.detect.Alert("kurashiki/krs-juki-db1|RESOURCE|DISK:/var",
                io.mihari.alert.detect.AlertKind.RESOURCE, io.mihari.alert.detect.Severity.MAJOR, false,
                "kurashiki/krs-juki-db1", incident.startedAt().plus(Duration.ofMinutes(60)).minusSeconds(1),
                "RESOURCE_RECOVERED", "back");
        assertThat(RecoveryMailer.reportRequired(incident.withAlertResolved(alert, alert.at(), SlaPolicy.DEFAULT))).as("59:59").isFalse();
        var atSixty = new io.mihari.alert.detect.Alert(alert.key(), alert.kind(), alert.severity(), false,
                alert.targetId(), incident.startedAt().plus(Duration.ofMinutes(60)), alert.cause(), alert.summary());
        assertThat(RecoveryMailer.reportRequired(incident.withAlertResolved(atSixty, atSixty.at(), SlaPolicy.DEFAULT))).as("60:00").isTrue();
    }

    @Test
    void theRecoveryReportNamesThePersonWhoMarkedIt() {
        var incident = FirstReportMailerTest.incident(io.mihari.alert.detect.Severity.MAJOR, true);
        var at = incident.startedAt().plus(Duration.ofMinutes(20));
        var marked = incident.markMitigated(at, "田中 (Fujitsu)", "再起動済み", at, SlaPolicy.DEFAULT);
        assertThat(RecoveryMailer.markedBy(marked)).isEqualTo("田中 (Fujitsu)");

        var alert = new io.mihari.alert.detect.Alert("kurashiki/krs-juki-db1|RESOURCE|DISK:/var",
                io.mihari.alert.detect.AlertKind.RESOURCE, io.mihari.alert.detect.Severity.MAJOR, false,
                "kurashiki/krs-juki-db1", at, "RESOURCE_RECOVERED", "back");
        assertThat(RecoveryMailer.markedBy(incident.withAlertResolved(alert, at, SlaPolicy.DEFAULT))).isNull();
    }

    @Test
    void theRecoveryReportIsWhollyInEachReadersLanguageWithJapanTimes() {
        var incident = FirstReportMailerTest.everyKind();
        var at = incident.startedAt().plus(Duration.ofMinutes(75));
        var marked = incident.markMitigated(at, "田中 (Fujitsu)", "再起動済み", at, SlaPolicy.DEFAULT);

        var mails = new RecoveryMailer(null, null, "https://mihari.example", MailLanguage.LAYOUT)
                .compose(marked, FirstReportMailerTest.CATALOG);

        assertThat(mails).extracting(OutboxMail::language).containsExactly("ja", "en");
        MailLanguage.assertInItsLanguage(mails, FirstReportMailerTest.VERBATIM);
        assertThat(mails.get(0).text()).contains("暫定復旧　: 2026/11/26 01:45:00\n", "影響時間　: 1時間15分\n",
                "障害報告書（経緯・原因・一次対処・恒久対策）の提出が必要です");
        assertThat(mails.get(1).text()).contains("Recovered     : 2026/11/26 01:45:00 JST\n",
                "Affected for  : 1 h 15 min\n");
    }
}
