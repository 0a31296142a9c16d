package io.mihari.model.command;

import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Report clocks per party (issue 19): the party responsible for an incident may report on it whoever operates the
 * service, no other party may, and only a city's operator or an administrator records a report on a party's behalf.
 */
class PartyPermissionsTest {

    static Service juki;
    static final Instant ISSUED = Instant.parse("2026-11-26T01:00:00Z");
    static final Actor CITY = new Actor("sato", Actor.OPERATOR, "kurashiki", "佐藤");
    static final Actor FUJITSU = new Actor("suzuki", Actor.VENDOR, "fujitsu-japan", "鈴木");
    static final Actor GOV_CLOUD = new Actor("gc", Actor.VENDOR, "gov-cloud", "クラウド");
    static final Actor WEST_NET = new Actor("wn", Actor.VENDOR, "west-net", "回線");

    @BeforeAll
    static void catalog() throws Exception {
        juki = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml")).service("kurashiki-juki")
                .orElseThrow();
    }

    static Command command(Actor actor, CommandType type, Instant reportedAt) {
        return new Command("u-1", type, juki.id(), "INC-1", actor, ISSUED, "m", null, null, null, null, null, null,
                reportedAt);
    }

    static Optional<String> refusal(Actor actor, CommandType type, String responsible) {
        return CommandPermissions.refusal(command(actor, type, null), juki, responsible);
    }

    @Test
    void theResponsiblePartyReportsOnAnotherPartysServiceAndNoOtherPartyDoes() {
        for (CommandType type : CommandPermissions.PARTY_COMMANDS) {
            assertThat(refusal(GOV_CLOUD, type, "gov-cloud")).as(type.name()).isEmpty();
        }
        assertThat(refusal(GOV_CLOUD, CommandType.SET_ATTRIBUTION, "gov-cloud")).isPresent();
        assertThat(refusal(GOV_CLOUD, CommandType.MARK_RESOLVED, "gov-cloud")).isPresent();
        assertThat(refusal(WEST_NET, CommandType.POST_UPDATE, "gov-cloud")).contains("actor.organisation: vendor "
                + "west-net does not operate kurashiki-juki and is not responsible for incident INC-1 (gov-cloud is)");
        assertThat(refusal(GOV_CLOUD, CommandType.POST_UPDATE, null)).contains("actor.organisation: vendor gov-cloud "
                + "does not operate kurashiki-juki");
        assertThat(refusal(FUJITSU, CommandType.POST_UPDATE, "gov-cloud")).as("the service's vendor still posts")
                .isEmpty();
    }

    @Test
    void theBridgeLetsAPartysIncidentCommandThroughForTheIncidentsOwnerToJudge() {
        assertThat(CommandPermissions.refusalBeforeIncident(command(WEST_NET, CommandType.POST_UPDATE, null), juki))
                .isEmpty();
        assertThat(CommandPermissions.refusalBeforeIncident(command(WEST_NET, CommandType.SET_ATTRIBUTION, null),
                juki)).isPresent();
    }

    @Test
    void onlyTheCityOrAnAdministratorRecordsOnAPartysBehalf() {
        Instant before = ISSUED.minusSeconds(600);
        assertThat(CommandPermissions.refusal(command(CITY, CommandType.POST_UPDATE, before), juki, "gov-cloud"))
                .isEmpty();
        assertThat(CommandPermissions.refusal(command(GOV_CLOUD, CommandType.POST_UPDATE, before), juki, "gov-cloud"))
                .contains("reportedAt: a vendor reports for itself; only the city's operator or an administrator "
                        + "records a report on a party's behalf");
        assertThat(CommandPermissions.refusal(command(FUJITSU, CommandType.POST_UPDATE, before), juki, null))
                .isPresent();
    }

    @Test
    void reportedAtIsNeverAfterTheCommandWasIssuedAndOnlyOnReports() {
        assertThat(command(CITY, CommandType.POST_UPDATE, ISSUED.minusSeconds(60)).problems(ISSUED)).isEmpty();
        assertThat(command(CITY, CommandType.POST_UPDATE, ISSUED.plusSeconds(1)).problems(ISSUED))
                .containsExactly("reportedAt: 2026-11-26T01:00:01Z is after the command was issued "
                        + "(2026-11-26T01:00:00Z): a report is recorded after the party made it, never before");
        assertThat(command(CITY, CommandType.ACKNOWLEDGE, ISSUED.minusSeconds(60)).problems(ISSUED))
                .containsExactly("reportedAt: only for POST_UPDATE and SUBMIT_REPORT (a report recorded on the "
                        + "responsible party's behalf)");
    }
}
