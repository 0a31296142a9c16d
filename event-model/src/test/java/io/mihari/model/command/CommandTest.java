package io.mihari.model.command;

import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.Recurrence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a command must carry (problems, with their exact messages), and its JSON on mihari.commands.v1. */
class CommandTest {

    static final Instant NOW = Instant.parse("2026-11-25T15:30:00Z");
    static final String SERVICE = "kurashiki-juki";
    static final String INCIDENT = "INC-20261126-0001";
    static final Actor VENDOR = new Actor("sato", "vendor", "fujitsu-japan", "佐藤 (富士通Japan)");
    static final PostIncidentReport REPORT = new PostIncidentReport("23:10 DB stopped", "disk full",
            "old logs removed", "log rotation");

    static Command command(CommandType type) {
        return new Command("cmd-1", type, SERVICE, type.onIncident() ? INCIDENT : null, VENDOR, NOW, null, null, null,
                null, null, null);
    }

    static Command with(Command c, String message, Instant at, Attribution attribution, PostIncidentReport report,
            MaintenanceWindow window, String windowId) {
        return new Command(c.commandId(), c.type(), c.serviceId(), c.incidentId(), c.actor(), c.issuedAt(), message,
                at, attribution, report, window, windowId);
    }

    static Command withMessage(CommandType type, String message) {
        return with(command(type), message, null, null, null, null, null);
    }

    static MaintenanceWindow window(String serviceId) {
        return new MaintenanceWindow("mw-1", serviceId, List.of("kurashiki/krs-juki-ap1"), "OS patching",
                Instant.parse("2026-11-28T17:00:00Z"), Instant.parse("2026-11-28T20:00:00Z"), null, "tanaka",
                Instant.parse("2026-11-20T00:00:00Z"), null, null);
    }

    static MaintenanceWindow weekly() {
        return new MaintenanceWindow("mw-weekly", SERVICE, List.of(), "Weekly backup",
                Instant.parse("2026-01-01T00:00:00Z"), null,
                new Recurrence(List.of(DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY), LocalTime.of(2, 30),
                        Duration.ofHours(3), "Asia/Tokyo"),
                "tanaka", Instant.parse("2025-12-20T00:00:00Z"), null, null);
    }

    // ---- common fields ----

    @Test
    void validCommandsOfEveryTypeHaveNoProblems() {
        assertThat(withMessage(CommandType.POST_UPDATE, "DB restarted, checking").problems(NOW)).isEmpty();
        assertThat(command(CommandType.MARK_MITIGATED).problems(NOW)).isEmpty();
        assertThat(command(CommandType.MARK_RESOLVED).problems(NOW)).isEmpty();
        assertThat(command(CommandType.ACKNOWLEDGE).problems(NOW)).isEmpty();
        assertThat(with(command(CommandType.SET_ATTRIBUTION), null, null, Attribution.CLOUD, null, null, null)
                .problems(NOW)).isEmpty();
        assertThat(with(command(CommandType.SUBMIT_REPORT), null, null, null, REPORT, null, null).problems(NOW))
                .isEmpty();
        assertThat(with(command(CommandType.CREATE_MAINTENANCE), null, null, null, null, window(SERVICE), null)
                .problems(NOW)).isEmpty();
        assertThat(with(command(CommandType.CANCEL_MAINTENANCE), null, null, null, null, null, "mw-1")
                .problems(NOW)).isEmpty();
    }

    @Test
    void commandIdMustBeOneToAHundredSafeCharacters() {
        String expected = "commandId: required, 1-100 characters of A-Z a-z 0-9 . _ : -";
        for (String bad : new String[] {null, "", "has space", "ä", "x".repeat(101)}) {
            Command c = new Command(bad, CommandType.ACKNOWLEDGE, SERVICE, INCIDENT, VENDOR, NOW, null, null, null,
                    null, null, null);
            assertThat(c.problems(NOW)).as("commandId %s", bad).containsExactly(expected);
        }
        Command longest = new Command("a.b_c:d-" + "x".repeat(92), CommandType.ACKNOWLEDGE, SERVICE, INCIDENT, VENDOR,
                NOW, null, null, null, null, null, null);
        assertThat(longest.problems(NOW)).isEmpty();
    }

    @Test
    void withoutATypeNothingElseIsChecked() {
        Command c = new Command(null, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(c.problems(NOW)).containsExactly(
                "commandId: required, 1-100 characters of A-Z a-z 0-9 . _ : -",
                "type: required, one of [POST_UPDATE, MARK_MITIGATED, MARK_RESOLVED, SET_ATTRIBUTION, ACKNOWLEDGE, "
                        + "SUBMIT_REPORT, CREATE_MAINTENANCE, CANCEL_MAINTENANCE, APPROVE_MAINTENANCE, REJECT_MAINTENANCE, "
                        + "FREEZE_MONTH]");
    }

    @Test
    void serviceIncidentActorAndIssuedAtAreRequired() {
        Command c = new Command("cmd-1", CommandType.ACKNOWLEDGE, " ", "", null, null, null, null, null, null, null,
                null);

        assertThat(c.problems(NOW)).containsExactly(
                "serviceId: required",
                "incidentId: required for ACKNOWLEDGE",
                "actor.userId: required",
                "issuedAt: required");
    }

    @Test
    void maintenanceCommandsNeedNoIncident() {
        Command c = new Command("cmd-1", CommandType.CANCEL_MAINTENANCE, SERVICE, null, VENDOR, NOW, null, null, null,
                null, null, "mw-1");

        assertThat(c.problems(NOW)).isEmpty();
    }

    @Test
    void actorNeedsALoginAndAKnownRole() {
        assertThat(new Command("cmd-1", CommandType.ACKNOWLEDGE, SERVICE, INCIDENT,
                new Actor(" ", "vendor", "fujitsu-japan", "Sato"), NOW, null, null, null, null, null, null)
                .problems(NOW)).containsExactly("actor.userId: required");
        assertThat(new Command("cmd-1", CommandType.ACKNOWLEDGE, SERVICE, INCIDENT,
                new Actor("sato", "root", null, null), NOW, null, null, null, null, null, null)
                .problems(NOW)).containsExactly("actor.role: one of admin, operator, vendor, system");
        assertThat(new Command("cmd-1", CommandType.ACKNOWLEDGE, SERVICE, INCIDENT,
                new Actor("sato", null, null, null), NOW, null, null, null, null, null, null)
                .problems(NOW)).containsExactly("actor.role: one of admin, operator, vendor, system");
        for (String role : List.of("admin", "operator", "vendor", "system")) {
            assertThat(new Command("cmd-1", CommandType.ACKNOWLEDGE, SERVICE, INCIDENT,
                    new Actor("sato", role, null, null), NOW, null, null, null, null, null, null).problems(NOW))
                    .as(role).isEmpty();
        }
    }

    @Test
    void actorIsShownByNameElseByLogin() {
        assertThat(new Actor("sato", "vendor", "fujitsu-japan", "佐藤").display()).isEqualTo("佐藤");
        assertThat(new Actor("sato", "vendor", "fujitsu-japan", " ").display()).isEqualTo("sato");
        assertThat(new Actor("sato", "vendor", "fujitsu-japan", null).display()).isEqualTo("sato");
    }

    @Test
    void issuedAtMayBeAtMostFiveMinutesAhead() {
        Command skewed = new Command("cmd-1", CommandType.ACKNOWLEDGE, SERVICE, INCIDENT, VENDOR,
                NOW.plus(Duration.ofMinutes(5)), null, null, null, null, null, null);
        Command future = new Command("cmd-1", CommandType.ACKNOWLEDGE, SERVICE, INCIDENT, VENDOR,
                NOW.plus(Duration.ofMinutes(5)).plusMillis(1), null, null, null, null, null, null);

        assertThat(skewed.problems(NOW)).as("exactly the allowed skew").isEmpty();
        assertThat(future.problems(NOW)).containsExactly("issuedAt: in the future");
        assertThat(future.problems(null)).as("no receiver time: not checked").isEmpty();
    }

    @Test
    void messageIsAtMostTenThousandCharacters() {
        assertThat(withMessage(CommandType.ACKNOWLEDGE, "x".repeat(10_000)).problems(NOW)).isEmpty();
        assertThat(withMessage(CommandType.ACKNOWLEDGE, "x".repeat(10_001)).problems(NOW))
                .containsExactly("message: at most 10000 characters");
    }

    // ---- per type ----

    @Test
    void statusUpdateNeedsAMessage() {
        assertThat(withMessage(CommandType.POST_UPDATE, null).problems(NOW))
                .containsExactly("message: required for a status update");
        assertThat(withMessage(CommandType.POST_UPDATE, "  \n").problems(NOW))
                .containsExactly("message: required for a status update");
        assertThat(withMessage(CommandType.POST_UPDATE, "x".repeat(10_001)).problems(NOW))
                .containsExactly("message: at most 10000 characters");
    }

    @Test
    void mitigationTimeMayBeAtMostFiveMinutesAhead() {
        Command c = command(CommandType.MARK_MITIGATED);

        assertThat(with(c, null, NOW.minus(Duration.ofHours(1)), null, null, null, null).problems(NOW)).isEmpty();
        assertThat(with(c, null, NOW.plus(Duration.ofMinutes(5)), null, null, null, null).problems(NOW)).isEmpty();
        assertThat(with(c, null, NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), null, null, null, null)
                .problems(NOW)).containsExactly("at: in the future");
    }

    @Test
    void attributionIsRequiredToSetIt() {
        assertThat(command(CommandType.SET_ATTRIBUTION).problems(NOW))
                .containsExactly("attribution: required, one of [VENDOR, CLOUD, CITY, EXTERNAL, PLANNED, CARRIER]");
    }

    @Test
    void writtenReportNeedsCauseFirstResponseAndCountermeasuresButNotATimeline() {
        Command c = command(CommandType.SUBMIT_REPORT);

        assertThat(c.problems(NOW)).containsExactly("report: required");
        assertThat(with(c, null, null, null, new PostIncidentReport(null, null, " ", null), null, null).problems(NOW))
                .containsExactly("report.cause: required", "report.firstResponse: required",
                        "report.countermeasures: required");
        assertThat(with(c, null, null, null, new PostIncidentReport(null, "c", "f", "m"), null, null).problems(NOW))
                .as("timeline optional").isEmpty();
        String tooLong = "x".repeat(20_001);
        assertThat(with(c, null, null, null, new PostIncidentReport(tooLong, tooLong, "x".repeat(20_000), "m"), null,
                null).problems(NOW)).containsExactly("report.cause: at most 20000 characters",
                        "report.timeline: at most 20000 characters");
    }

    @Test
    void maintenanceNeedsAValidWindowOfTheCommandsService() {
        Command c = command(CommandType.CREATE_MAINTENANCE);

        assertThat(c.problems(NOW)).containsExactly("window: required");
        assertThat(with(c, null, null, null, null, window("kurashiki-zeimu"), null).problems(NOW))
                .containsExactly("window.serviceId: must be the command's serviceId");

        MaintenanceWindow broken = new MaintenanceWindow("mw 1", SERVICE, List.of("a", "a"), " ",
                Instant.parse("2026-11-28T20:00:00Z"), Instant.parse("2026-11-28T17:00:00Z"), null, "tanaka", NOW,
                null, null);
        assertThat(with(c, null, null, null, null, broken, null).problems(NOW)).containsExactly(
                "window.id: only letters, digits and . _ : - are allowed",
                "window.targetIds[1]: duplicate 'a'",
                "window.title: required",
                "window.end: must be after start");

        MaintenanceWindow badRule = new MaintenanceWindow("mw-weekly", SERVICE, List.of(), "Weekly backup",
                Instant.parse("2026-01-01T00:00:00Z"), null,
                new Recurrence(List.of(), LocalTime.of(2, 0), Duration.ZERO, "Mars/Olympus"), "tanaka", NOW, null,
                null);
        assertThat(with(c, null, null, null, null, badRule, null).problems(NOW)).containsExactly(
                "window.recurrence.daysOfWeek: required",
                "window.recurrence.duration: must be positive and at most 7 days",
                "window.recurrence.zone: unknown time zone 'Mars/Olympus'");
    }

    @Test
    void windowWithoutServiceIsMissingAndNotTheCommandsService() {
        Command c = with(command(CommandType.CREATE_MAINTENANCE), null, null, null, null, window(null), null);

        assertThat(c.problems(NOW)).containsExactly("window.serviceId: required",
                "window.serviceId: must be the command's serviceId");
    }

    @Test
    void cancellingMaintenanceNeedsTheWindowId() {
        assertThat(command(CommandType.CANCEL_MAINTENANCE).problems(NOW)).containsExactly("windowId: required");
        assertThat(with(command(CommandType.CANCEL_MAINTENANCE), null, null, null, null, null, " ").problems(NOW))
                .containsExactly("windowId: required");
    }

    @Test
    void onlyMaintenanceAndMonthCommandsAreNotOnAnIncident() {
        for (CommandType type : CommandType.values()) {
            assertThat(type.onIncident()).as(type.name())
                    .isEqualTo(type != CommandType.CREATE_MAINTENANCE && type != CommandType.CANCEL_MAINTENANCE
                            && type != CommandType.APPROVE_MAINTENANCE && type != CommandType.REJECT_MAINTENANCE
                            && type != CommandType.FREEZE_MONTH);
            assertThat(type.onMaintenance()).as(type.name()).isEqualTo(type.name().endsWith("_MAINTENANCE"));
        }
        assertThat(Attribution.VENDOR.vendorsResponsibility()).isTrue();
        assertThat(Attribution.CLOUD.vendorsResponsibility()).isFalse();
        assertThat(Attribution.PLANNED.vendorsResponsibility()).isFalse();
    }

    // ---- JSON ----

    @Test
    void everyFieldRoundTripsThroughJson() {
        Command full = new Command("cmd-42", CommandType.SUBMIT_REPORT, SERVICE, INCIDENT, VENDOR,
                Instant.parse("2026-11-25T15:30:00.123Z"), "see attachment", Instant.parse("2026-11-25T15:00:00Z"),
                Attribution.VENDOR, REPORT, null, null);

        assertThat(CommandCodec.decode(CommandCodec.encode(full))).isEqualTo(full);
    }

    @Test
    void maintenanceWindowsRoundTripThroughJsonWithTheirRecurrence() {
        Command create = with(command(CommandType.CREATE_MAINTENANCE), "weekly", null, null, null, weekly(), null);
        Command oneOff = with(command(CommandType.CREATE_MAINTENANCE), null, null, null, null, window(SERVICE), null);
        MaintenanceWindow cancelledWindow = window(SERVICE).cancel(Instant.parse("2026-11-27T00:00:00Z"), "tanaka");
        Command cancelled = with(command(CommandType.CREATE_MAINTENANCE), null, null, null, null, cancelledWindow,
                null);

        assertThat(CommandCodec.decode(CommandCodec.encode(create))).isEqualTo(create);
        assertThat(CommandCodec.decode(CommandCodec.encode(oneOff))).isEqualTo(oneOff);
        assertThat(CommandCodec.decode(CommandCodec.encode(cancelled))).isEqualTo(cancelled);
    }

    @Test
    void instantsAndDurationsAreWrittenAsIsoText() {
        Command create = with(command(CommandType.CREATE_MAINTENANCE), null, null, null, null, weekly(), null);

        String json = new String(CommandCodec.encode(create), StandardCharsets.UTF_8);

        assertThat(json).contains("\"issuedAt\":\"2026-11-25T15:30:00Z\"", "\"duration\":\"PT3H\"",
                "\"daysOfWeek\":[\"SUNDAY\",\"WEDNESDAY\"]", "\"type\":\"CREATE_MAINTENANCE\"");
    }

    @Test
    void decodesTheWireFormatDashboardApiWrites() {
        String json = """
                {"commandId":"cmd-7","type":"MARK_MITIGATED","serviceId":"kurashiki-juki",
                 "incidentId":"INC-20261126-0001",
                 "actor":{"userId":"sato","role":"vendor","organisation":"fujitsu-japan","name":"Sato"},
                 "issuedAt":"2026-11-25T15:30:00Z","at":"2026-11-25T15:20:00Z","message":"DB restarted"}""";

        Command c = CommandCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(c).isEqualTo(new Command("cmd-7", CommandType.MARK_MITIGATED, SERVICE, INCIDENT,
                new Actor("sato", "vendor", "fujitsu-japan", "Sato"), NOW, "DB restarted",
                Instant.parse("2026-11-25T15:20:00Z"), null, null, null, null));
        assertThat(c.problems(NOW)).isEmpty();
    }

    @Test
    void emptyRecordsAreRejected() {
        assertThatThrownBy(() -> CommandCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty record");
        assertThatThrownBy(() -> CommandCodec.decode(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty record");
    }

    @Test
    void unknownFieldsAreRejectedNamingTheField() {
        byte[] json = "{\"commandId\":\"cmd-1\",\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CommandCodec.decode(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ")
                .hasMessageContaining("\"colour\"")
                .message().doesNotContain("[Source");
    }

    @Test
    void unknownNestedFieldsAreRejectedToo() {
        byte[] json = "{\"commandId\":\"cmd-1\",\"actor\":{\"userId\":\"sato\",\"password\":\"x\"}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CommandCodec.decode(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ")
                .hasMessageContaining("\"password\"");
    }

    @Test
    void textThatIsNotJsonIsRejected() {
        assertThatThrownBy(() -> CommandCodec.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ")
                .hasMessageContaining("hello")
                .message().doesNotContain("[Source");
        assertThatThrownBy(() -> CommandCodec.decode("{\"commandId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ");
        assertThatThrownBy(() -> CommandCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ");
    }

    @Test
    void valuesOfTheWrongKindAreRejected() {
        assertThatThrownBy(() -> CommandCodec.decode("{\"type\":\"TELEPATHY\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ")
                .hasMessageContaining("TELEPATHY");
        assertThatThrownBy(() -> CommandCodec.decode("{\"issuedAt\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command: ")
                .hasMessageContaining("yesterday");
    }

    @Test
    void theJsonNullLiteralIsNotACommand() {
        assertThatThrownBy(() -> CommandCodec.decode("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a command");
    }
}
