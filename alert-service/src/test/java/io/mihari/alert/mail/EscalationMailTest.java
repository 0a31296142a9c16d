package io.mihari.alert.mail;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.SlaPolicy;
import io.mihari.alert.incident.SlaRecord;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escalation mail (docs/sla.md, "Escalation"): to the step's contacts, one mail per language by each contact's
 * language, naming the incident, how long it has been unacknowledged and who was mailed before; its id is fixed by
 * incident and step, so a repeated step queues nothing new.
 */
class EscalationMailTest {

    /** Tuesday 2027-01-12 10:00 JST. */
    static final Instant S = Instant.parse("2027-01-12T01:00:00Z");
    static final String DB1 = "kurashiki/krs-juki-db1";

    static final Catalog CATALOG = CatalogLoader.load(new ByteArrayInputStream("""
            tenants:
              - id: kurashiki
                name: {ja: 倉敷市, en: Kurashiki}
                contacts:
                  - {email: dx@kurashiki.example}
                escalation:
                  steps:
                    - contacts: [{email: leader@fujitsu-japan.example}]
                    - contacts: [{email: manager@fujitsu-japan.example, language: en}, {email: cio@kurashiki.example}]
            systems:
              - id: juki
                name: {ja: 住記系, en: Resident records}
            vendors:
              - id: fujitsu-japan
                name: {ja: 富士通Japan, en: Fujitsu Japan}
                contacts:
                  - {email: ops@fujitsu-japan.example, language: en}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: krs-juki-db1, role: BT/DB, critical: true}
            """.getBytes(StandardCharsets.UTF_8)), "escalation-mail-test.yaml");

    static final SlaRecord.EscalationStep STEP_1 = new SlaRecord.EscalationStep(1, S.plus(Duration.ofMinutes(15)),
            S.plus(Duration.ofMinutes(15)), false, List.of("leader@fujitsu-japan.example"), null);
    static final SlaRecord.EscalationStep STEP_2 = new SlaRecord.EscalationStep(2, S.plus(Duration.ofMinutes(30)),
            S.plus(Duration.ofMinutes(30)), false, List.of("manager@fujitsu-japan.example", "cio@kurashiki.example"),
            null);

    static Incident incident() {
        Alert down = new Alert(DB1 + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, DB1, S, "HEARTBEAT_MISSING",
                DB1 + " is down");
        return Incident.open("INC-20270112-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(down), true, S, S, SlaPolicy.DEFAULT, false)
                .escalated(STEP_1, STEP_1.madeAt())
                .escalated(STEP_2, STEP_2.madeAt());
    }

    static IncidentMailer mailer() {
        return new IncidentMailer(null, null, "https://mihari.example", Clock.fixed(S, ZoneOffset.UTC),
                targets -> List.of(), MailLanguage.LAYOUT);
    }

    @Test
    void oneMailPerLanguageToTheStepsContactsUnderAnIdFixedByIncidentAndStep() {
        List<OutboxMail> mails = mailer().composeEscalation(incident(), STEP_2, CATALOG);

        assertThat(mails).extracting(OutboxMail::id, OutboxMail::language, OutboxMail::to, OutboxMail::kind,
                OutboxMail::ref, OutboxMail::createdAt)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple("INC-20270112-0001-ESCALATION-2-ja", "ja",
                                List.of("cio@kurashiki.example"), "ESCALATION", "2", S.plus(Duration.ofMinutes(30))),
                        org.assertj.core.api.Assertions.tuple("INC-20270112-0001-ESCALATION-2-en", "en",
                                List.of("manager@fujitsu-japan.example"), "ESCALATION", "2",
                                S.plus(Duration.ofMinutes(30))));
        // the same step again (a repeated tick, a restart): the same ids, which the outbox keeps once
        assertThat(mailer().composeEscalation(incident(), STEP_2, CATALOG)).extracting(OutboxMail::id)
                .containsExactlyElementsOf(mails.stream().map(OutboxMail::id).toList());
    }

    @Test
    void itNamesTheIncidentHowLongItWasUnacknowledgedAndWhoWasMailedBefore() {
        List<OutboxMail> mails = mailer().composeEscalation(incident(), STEP_2, CATALOG);
        OutboxMail ja = mails.stream().filter(m -> m.language().equals("ja")).findFirst().orElseThrow();
        OutboxMail en = mails.stream().filter(m -> m.language().equals("en")).findFirst().orElseThrow();

        assertThat(ja.subject()).isEqualTo("[Mihari][倉敷市/住記系][INC-20270112-0001] 【エスカレーション第2段階】未確認の重大障害: "
                + incident().titleJa());
        assertThat(ja.text()).contains("INC-20270112-0001", "30分0秒", "第2段階",
                "初報: dx@kurashiki.example、ops@fujitsu-japan.example",
                "第1段階（2027/01/12 10:15:00）: leader@fujitsu-japan.example");
        assertThat(en.subject()).isEqualTo("[Mihari][Kurashiki/Resident records][INC-20270112-0001] [Escalation step 2] "
                + "Critical incident not acknowledged: " + incident().titleEn());
        assertThat(en.text()).contains("Nobody has acknowledged the critical incident INC-20270112-0001 for 30 min 0 s",
                "First report: dx@kurashiki.example, ops@fujitsu-japan.example",
                "Step 1 (2027/01/12 10:15:00 JST): leader@fujitsu-japan.example");
        MailLanguage.assertInItsLanguage(mails, List.of(DB1));
    }

    @Test
    void theFirstStepNamesOnlyTheFirstReportsRecipientsAsMailedBefore() {
        List<OutboxMail> mails = mailer().composeEscalation(incident(), STEP_1, CATALOG);

        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly("leader@fujitsu-japan.example");
            assertThat(m.text()).contains("15分0秒", "初報: dx@kurashiki.example、ops@fujitsu-japan.example")
                    .doesNotContain("第1段階（");
        });
        MailLanguage.assertInItsLanguage(mails, List.of(DB1));
    }
}
