package io.mihari.dashboard.incident;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA figures as /api/sla gives them, from SLA records as alert-service stores them: the vendor judged only on what
 * a person owed, Mihari's own reports and mail delay apart (docs/sla.md, "Who owes what").
 * <p>
 * The usual incident: detected at T0 = 2026-06-10 01:00 UTC, opened at T0 + 30 s, so the first report is due at
 * T0 + 3600 s and the first status report at D1 = T0 + 3630 s.
 */
class SlaComplianceTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final Instant T0 = Instant.parse("2026-06-10T01:00:00Z");
    static final Instant NOW = Instant.parse("2026-07-01T00:00:00Z");

    static String t(long seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    static IncidentDocument incident(String id, String mitigatedAt, String sla) throws Exception {
        return JSON.readValue("""
                {"id":"%s","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki","vendor":"fujitsu-japan",
                 "status":"MITIGATED","detectedAt":"%s","startedAt":"%s","openedAt":"%s","mitigatedAt":%s,"sla":%s}"""
                .formatted(id, t(0), t(-30), t(30), mitigatedAt == null ? "null" : "\"" + mitigatedAt + "\"", sla),
                IncidentDocument.class);
    }

    static String first(long sent) {
        return """
                "firstReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s",
                 "mihariDelaySeconds":%d}""".formatted(t(3600), t(sent), t(30), sent - 30);
    }

    static String automatic(int seq, long due, long sent) {
        return """
                {"seq":%d,"dueAt":"%s","createdAt":"%s","sentAt":"%s","automatic":true,"message":"automatic",
                 "mihariDelaySeconds":%d}""".formatted(seq, t(due), t(due), t(sent), sent - due);
    }

    static String person(int seq, long due, long made, long sent) {
        return """
                {"seq":%d,"dueAt":"%s","createdAt":"%s","sentAt":"%s","automatic":false,"author":"佐藤 (富士通Japan)",
                 "message":"investigating","lateBySeconds":%d,"mihariDelaySeconds":%d}"""
                .formatted(seq, t(due), t(made), t(sent), Math.max(0, made - due), sent - made);
    }

    static String recovery(long at, long sent) {
        return """
                "recoveryReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s",
                 "mihariDelaySeconds":%d}""".formatted(t(at), t(sent), t(at), sent - at);
    }

    @Test
    void anHourByHourIncidentNobodyWroteIsTheVendorsMissEveryHourAndMihariSendDelayIsApart() throws Exception {
        // automatic reports exactly at D1, D1 + 60 min, D1 + 120 min; their mails accepted 3, 2 and 5 s later
        IncidentDocument d = incident("INC-20260610-0001", t(10830 + 1800), "{" + first(32) + ",\"statusReports\":["
                + automatic(1, 3630, 3633) + "," + automatic(2, 7230, 7232) + "," + automatic(3, 10830, 10835) + "],"
                + recovery(10830 + 1800, 10830 + 1802) + "}");

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d), NOW);

        assertThat(v.statusReports()).isEqualTo(3);
        assertThat(v.statusReportsOnTime()).isZero();
        assertThat(v.statusReportsNotWritten()).isEqualTo(3);
        assertThat(v.statusReportsLate()).isZero();
        assertThat(v.automaticStatusReports()).isEqualTo(3);
        assertThat(v.statusReportsOnTimePercent()).isEqualTo(0.0);
        assertThat(v.onTimePercent()).isEqualTo(0.0);
        assertThat(v.breaches()).containsExactly(
                "INC-20260610-0001: status report due 2026-06-10T02:00:30Z not written (Mihari reported automatically, #1)",
                "INC-20260610-0001: status report due 2026-06-10T03:00:30Z not written (Mihari reported automatically, #2)",
                "INC-20260610-0001: status report due 2026-06-10T04:00:30Z not written (Mihari reported automatically, #3)");
        assertThat(v.breaches()).as("never Mihari's few seconds").noneMatch(b -> b.contains("late"));
        assertThat(v.worstGapSeconds()).as("reports as made: exactly an hour apart").isEqualTo(3600L);
        assertThat(v.mihari()).isEqualTo(new SlaCompliance.MihariFigures(1, 1, 5, 2L, 5L,
                "INC-20260610-0001 status report #3", 0, 0, List.of()));
        assertThat(v.firstReportsOnTime()).isEqualTo(1);
    }

    @Test
    void aVendorThatWroteEveryReportOnTimeIsOnTimeEvenWhenTheMailsWereHeldUp() throws Exception {
        // the person writes 10 min before each deadline; the SMTP server was down for 5 min around the second
        IncidentDocument d = incident("INC-20260610-0002", t(7000), "{" + first(31) + ",\"statusReports\":["
                + person(1, 3630, 3030, 3032) + "," + person(2, 6630, 6030, 6335) + "],"
                + recovery(7000, 7002) + ",\"postIncidentReport\":{\"dueAt\":\"" + t(7000 + 7 * 86400)
                + "\",\"submittedAt\":\"" + t(7000 + 86400) + "\",\"lateBySeconds\":0}}");

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d), NOW);

        assertThat(v.statusReports()).isEqualTo(2);
        assertThat(v.statusReportsOnTime()).isEqualTo(2);
        assertThat(v.statusReportsOnTimePercent()).isEqualTo(100.0);
        assertThat(v.writtenReportsOnTime()).isEqualTo(1);
        assertThat(v.onTimePercent()).isEqualTo(100.0);
        assertThat(v.breaches()).isEmpty();
        assertThat(v.mihari().delayMaxSeconds()).as("the held-up mail is Mihari's").isEqualTo(305L);
        assertThat(v.mihari().delayMaxReport()).isEqualTo("INC-20260610-0002 status report #2");
        assertThat(v.mihari().delayP50Seconds()).isEqualTo(2L);
    }

    @Test
    void aPersonsReportIsLateByWhenItWasMadeAndAReportWrittenInTimeButAppliedAfterMihariIsOnTime() throws Exception {
        IncidentDocument d = incident("INC-20260610-0003", null, "{" + first(31) + ",\"statusReports\":["
                // deadline 1: Mihari's automatic report came first, the person's (written 1 s before) reached it after
                + automatic(1, 3630, 3632) + "," + person(2, 3630, 3629, 3633) + ","
                // deadline 2: written 125 s after it, before Mihari's tick ran
                + person(3, 7230, 7355, 7357) + "]}");

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d),
                T0.plusSeconds(8000));

        assertThat(v.statusReports()).isEqualTo(2);
        assertThat(v.statusReportsOnTime()).isEqualTo(1);
        assertThat(v.statusReportsLate()).isEqualTo(1);
        assertThat(v.statusReportsNotWritten()).isZero();
        assertThat(v.automaticStatusReports()).isEqualTo(1);
        assertThat(v.statusReportsOnTimePercent()).isEqualTo(50.0);
        assertThat(v.breaches()).containsExactly(
                "INC-20260610-0003: status report #3 made 125 s after its deadline 2026-06-10T03:00:30Z");
    }

    @Test
    void aDocumentStoredBeforeIssue14IsJudgedByTheSameRules() throws Exception {
        // then: an automatic report made at the tick (2 s after its deadline) and lateBySeconds = sentAt − dueAt
        IncidentDocument d = incident("INC-20260610-0004", t(4000), """
                {"firstReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0},
                 "statusReports":[{"seq":1,"dueAt":"%s","createdAt":"%s","sentAt":"%s","automatic":true,
                   "message":"automatic","lateBySeconds":3}],
                 "recoveryReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":3}}"""
                .formatted(t(3600), t(32), t(3630), t(3632), t(3633), t(4000), t(4003)));

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d), NOW);

        assertThat(v.statusReportsNotWritten()).isEqualTo(1);
        assertThat(v.breaches()).containsExactly(
                "INC-20260610-0004: status report due 2026-06-10T02:00:30Z not written (Mihari reported automatically, #1)");
        assertThat(v.mihari().mails()).isEqualTo(3);
        assertThat(v.mihari().delayMaxSeconds()).as("the recovery's 3 s and the tick's lag are Mihari's").isEqualTo(3L);
        assertThat(v.mihari().delayP50Seconds()).as("the median of 2 s (first report, from the opening), 3 s, 3 s")
                .isEqualTo(3L);
    }

    @Test
    void deadlinesThatPassedWhileMihariWasNotRunningAreEachMissedAndTheirUnmailedReportsCountedApart()
            throws Exception {
        IncidentDocument d = incident("INC-20260610-0005", null, "{" + first(31) + ",\"statusReports\":["
                + """
                {"seq":1,"dueAt":"%s","createdAt":"%s","automatic":true,"message":"automatic","backfilled":true}"""
                        .formatted(t(3630), t(3630))
                + "," + automatic(2, 7230, 9000) + "]}");

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d),
                T0.plusSeconds(9100));

        assertThat(v.statusReportsNotWritten()).isEqualTo(2);
        assertThat(v.mihari().notMailed()).isEqualTo(1);
        assertThat(v.mihari().unsent()).isZero();
        assertThat(v.mihari().delayMaxSeconds()).isEqualTo(9000L - 7230);
    }

    @Test
    void mihariFirstReportPastItsDeadlineIsMihariNoteNeverTheVendorsBreach() throws Exception {
        IncidentDocument d = incident("INC-20260610-0006", t(600), "{" + first(3700) + "," + recovery(600, 3701)
                + "}");

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d), NOW);

        assertThat(v.breaches()).isEmpty();
        assertThat(v.onTimePercent()).as("nothing was owed by the vendor").isNull();
        assertThat(v.mihari().firstReportsOnTime()).isZero();
        assertThat(v.mihari().notes()).containsExactly(
                "INC-20260610-0006: first report accepted by the mail server 100 s after its deadline");
        SlaCompliance.MihariFigures month = SlaCompliance.total(List.of(d), List.of(v));
        assertThat(month.firstReports()).isEqualTo(1);
        assertThat(month.mails()).isEqualTo(2);
        assertThat(month.delayMaxSeconds()).isEqualTo(3670L);
    }

    @Test
    void aDamagedInstantIsLeftOutNotACrash() throws Exception {
        IncidentDocument d = incident("INC-20260610-0007", null, """
                {"statusReports":[{"seq":1,"dueAt":"yesterday","createdAt":"%s","automatic":true}]}""".formatted(t(1)));

        SlaCompliance.VendorCompliance v = SlaCompliance.vendor("fujitsu-japan", "富士通Japan", List.of(d), NOW);

        assertThat(v.statusReports()).isZero();
        assertThat(v.mihari().unsent()).isEqualTo(1);
    }

    @Test
    void eachDutyCountsForThePartyThatOwedItAndMihariReportsOnceWithTheServicesVendor() throws Exception {
        // kurashiki-juki: fujitsu missed deadline #1 (automatic); the city attributed it to the cloud at +1 h 10 min,
        // so gov-cloud owed its 初報 by +2 h 10 min and wrote it at +1 h 50 min; the written report is gov-cloud's
        String sla = "{" + first(31) + ",\"statusReports\":["
                + automatic(1, 3630, 3633).replace("\"automatic\":true", "\"automatic\":true,\"owedBy\":\"fujitsu-japan\"")
                + "," + person(2, 4200 + 3600, 6600, 6602).replace("\"automatic\":false",
                        "\"automatic\":false,\"owedBy\":\"gov-cloud\",\"partyFirstReport\":true")
                + "],\"postIncidentReport\":{\"dueAt\":\"" + t(9000 + 7 * 86400) + "\",\"owedBy\":\"gov-cloud\"}}";
        IncidentDocument d = JSON.readValue(JSON.writeValueAsString(JSON.readTree(
                JSON.writeValueAsString(incident("INC-20260610-0009", t(9000), sla)))).replace("\"partyIds\":null",
                "\"partyIds\":[\"fujitsu-japan\",\"gov-cloud\"]").replace("\"responsibleParty\":null",
                "\"responsibleParty\":{\"id\":\"gov-cloud\",\"kind\":\"CLOUD_PROVIDER\",\"since\":\"" + t(4200) + "\"}"),
                IncidentDocument.class);
        assertThat(SlaCompliance.partiesOf(d)).containsExactly("fujitsu-japan", "gov-cloud");

        SlaCompliance.VendorCompliance fujitsu = SlaCompliance.party("fujitsu-japan", "富士通Japan", List.of(d), NOW);
        SlaCompliance.VendorCompliance cloud = SlaCompliance.party("gov-cloud", "クラウド", List.of(d), NOW);

        assertThat(fujitsu.statusReports()).isEqualTo(1);
        assertThat(fujitsu.statusReportsNotWritten()).isEqualTo(1);
        assertThat(fujitsu.automaticStatusReports()).isEqualTo(1);
        assertThat(fujitsu.writtenReportsRequired()).as("the written report moved with the outage").isZero();
        assertThat(fujitsu.firstReports()).as("Mihari's 初報, counted once, with the service's vendor").isEqualTo(1);
        assertThat(fujitsu.mihari().mails()).isEqualTo(3);
        assertThat(fujitsu.worstGapSeconds()).as("not responsible any more").isNull();

        assertThat(cloud.statusReports()).isEqualTo(1);
        assertThat(cloud.statusReportsOnTime()).isEqualTo(1);
        assertThat(cloud.breaches()).as("its written report, not the vendor's")
                .containsExactly("INC-20260610-0009: written report overdue since 2026-06-17T03:30:00Z");
        assertThat(fujitsu.breaches()).noneMatch(b -> b.contains("written report"));
        assertThat(cloud.writtenReportsRequired()).isEqualTo(1);
        assertThat(cloud.writtenReportsOverdue()).isEqualTo(1);
        assertThat(cloud.firstReports()).isZero();
        assertThat(cloud.mihari().mails()).isZero();
        assertThat(cloud.worstGapSeconds()).isNotNull();
        assertThat(fujitsu.statusReports() + cloud.statusReports()).as("every deadline judged once").isEqualTo(2);
    }
}
