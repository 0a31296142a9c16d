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
    void titleNamesEachProblemByItsOwnKindAndTarget() {
        Incident disk = incident(Severity.MAJOR, false);
        assertThat(FirstReportMailer.title(disk, true))
                .isEqualTo("リソース使用率の閾値超過: ディスク /var（kurashiki/krs-juki-db1）");
        assertThat(FirstReportMailer.title(disk, false))
                .isEqualTo("resource use above threshold: disk /var on kurashiki/krs-juki-db1");

        Alert mon1 = new Alert("kurashiki/krs-juki-mon1|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true,
                "kurashiki/krs-juki-mon1", T0, "HEARTBEAT_MISSING", "down");
        Alert mon2 = new Alert("kurashiki/krs-juki-mon2|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true,
                "kurashiki/krs-juki-mon2", T0, "HEARTBEAT_MISSING", "down");
        Alert batch = new Alert("kurashiki/krs-juki-db1|BATCH|nightly-close", AlertKind.BATCH, Severity.MAJOR, true,
                "kurashiki/krs-juki-db1", T0.plusSeconds(5), "BATCH_FAILED", "nightly-close run r1 failed",
                java.util.Map.of(Alert.RUN, "r1", Alert.EXIT_CODE, "3"));
        Incident three = Incident.open("INC-20261126-0002", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(mon1, mon2, batch), false, T0, T0.plusSeconds(30), Duration.ofHours(1));

        assertThat(FirstReportMailer.title(three, true)).isEqualTo("死活監視で応答なし（kurashiki/krs-juki-mon1、"
                + "kurashiki/krs-juki-mon2）／バッチ処理の異常: nightly-close（kurashiki/krs-juki-db1）");
        assertThat(FirstReportMailer.title(three, false)).isEqualTo("no heartbeat from kurashiki/krs-juki-mon1, "
                + "kurashiki/krs-juki-mon2; batch job problem: nightly-close on kurashiki/krs-juki-db1");
        assertThat(FirstReportMailer.problems(three, true)).containsExactly(
                "kurashiki/krs-juki-mon1 からのハートビートが途絶えました（2026/11/26 00:30:00 から）",
                "kurashiki/krs-juki-mon2 からのハートビートが途絶えました（2026/11/26 00:30:00 から）",
                "kurashiki/krs-juki-db1 のバッチ処理 nightly-close が異常終了しました（実行 r1、終了コード 3）"
                        + "（2026/11/26 00:30:05 から）");
        assertThat(FirstReportMailer.problems(three, false)).last().isEqualTo(
                "batch job nightly-close failed on kurashiki/krs-juki-db1 (run r1, exit code 3) "
                        + "(since 2026/11/26 00:30:05 JST)");
    }
}
