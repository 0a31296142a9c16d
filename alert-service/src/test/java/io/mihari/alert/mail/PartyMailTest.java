package io.mihari.alert.mail;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.PartyRef;
import io.mihari.alert.incident.SlaPolicy;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Language;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Mails of report clocks per party (issue 19): the party an incident moved to is told in its contacts' languages with
 * its 初報 deadline, reminders and report requests go to the party that owes them, and everyone told of the incident
 * hears of it plus the responsible party ({@code party-catalog.yaml}).
 */
class PartyMailTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static Catalog catalog;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = PartyMailTest.class.getResourceAsStream("/party-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "party-catalog.yaml");
        }
    }

    static Incident movedToTheCloud() {
        Alert down = new Alert(AP1 + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, AP1, T0.minusSeconds(30),
                "HEARTBEAT_MISSING", AP1 + " is down");
        Incident opened = Incident.open("INC-20261126-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(down), false, T0, T0.plusSeconds(30), SlaPolicy.DEFAULT, false,
                new PartyRef("fujitsu-japan", "APP_VENDOR", T0.plusSeconds(30)));
        return opened.moveResponsibility(new PartyRef("gov-cloud", "CLOUD_PROVIDER", T0.plusSeconds(1200)), "CLOUD",
                T0.plusSeconds(1200), SlaPolicy.DEFAULT, null);
    }

    static IncidentMailer mailer() {
        return new IncidentMailer(null, null, "https://mihari.example", Clock.fixed(T0, ZoneOffset.UTC),
                targets -> List.of(), MailLanguage.LAYOUT);
    }

    @Test
    void theNewPartyIsToldInItsContactsLanguagesWithItsFirstReportDeadline() {
        Incident incident = movedToTheCloud();

        List<OutboxMail> mails = mailer().composeResponsibilityMoved(incident, catalog, T0.plusSeconds(1200));

        assertThat(mails).extracting(OutboxMail::id, OutboxMail::kind, OutboxMail::language, OutboxMail::to)
                .containsExactly(
                        tuple("INC-20261126-0001-RESPONSIBLE-2-ja", "RESPONSIBILITY", "ja",
                                List.of("ops@gov-cloud.example")),
                        tuple("INC-20261126-0001-RESPONSIBLE-2-en", "RESPONSIBILITY", "en",
                                List.of("support-en@gov-cloud.example")));
        OutboxMail ja = mails.get(0);
        assertThat(ja.subject()).contains("この障害の責任区分が貴社（クラウド提供事業者）となりました");
        assertThat(ja.text()).contains("初報期限").contains("2026/11/26 01:50");
        OutboxMail en = mails.get(1);
        assertThat(en.subject()).contains("This incident is now attributed to you");
        assertThat(en.text()).contains("First report due");
    }

    @Test
    void theReminderGoesToTheProviderAndStatusMailsAlsoToIt() {
        Incident incident = movedToTheCloud();

        List<OutboxMail> reminders = mailer().composeStatusReminder(incident, incident.sla().nextStatusReportDue(),
                catalog, T0.plusSeconds(3900));
        assertThat(reminders).flatExtracting(OutboxMail::to)
                .containsExactlyInAnyOrder("ops@gov-cloud.example", "support-en@gov-cloud.example");

        Map<Language, Set<String>> told = FirstReportMailer.addressesByLanguage(incident, catalog);
        assertThat(told.get(Language.JA)).containsExactly("dx@kurashiki.example", "ops@fujitsu-japan.example",
                "ops@gov-cloud.example");
        assertThat(told.get(Language.EN)).containsExactly("support-en@gov-cloud.example");
    }
}
