package io.mihari.model.command;

import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may issue which command on which service: the one rule dashboard-api and alert-service both apply. */
class CommandPermissionsTest {

    static Service juki;

    @BeforeAll
    static void catalog() throws Exception {
        juki = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml")).service("kurashiki-juki")
                .orElseThrow();
    }

    static Optional<String> refusal(Actor actor, CommandType type, String message) {
        return CommandPermissions.refusal(new Command("u-1", type, juki.id(), "INC-1", actor, Instant.EPOCH, message,
                null, null, null, null, null), juki);
    }

    static final Actor ADMIN = new Actor("root", Actor.ADMIN, null, "管理者");
    static final Actor CITY = new Actor("sato", Actor.OPERATOR, "kurashiki", "佐藤");
    static final Actor OTHER_CITY = new Actor("ito", Actor.OPERATOR, "takamatsu", "伊藤");
    static final Actor VENDOR = new Actor("suzuki", Actor.VENDOR, "fujitsu-japan", "鈴木");
    static final Actor OTHER_VENDOR = new Actor("tanaka", Actor.VENDOR, "ines", "田中");

    /** What the measured party may never decide. */
    static final Set<CommandType> NOT_THE_VENDORS = EnumSet.of(CommandType.SET_ATTRIBUTION,
            CommandType.APPROVE_MAINTENANCE, CommandType.REJECT_MAINTENANCE, CommandType.FREEZE_MONTH);

    @Test
    void anAdministratorMayIssueEveryCommand() {
        for (CommandType type : CommandType.values()) {
            assertThat(refusal(ADMIN, type, "訂正理由")).as(type.name()).isEmpty();
        }
    }

    @Test
    void theCitysOperatorMayDoEverythingButFreezeOrCorrectAMonth() {
        for (CommandType type : CommandType.values()) {
            assertThat(refusal(CITY, type, null).isPresent()).as(type.name())
                    .isEqualTo(type == CommandType.FREEZE_MONTH);
        }
        assertThat(refusal(OTHER_CITY, CommandType.POST_UPDATE, null))
                .contains("actor.organisation: takamatsu is not the city of kurashiki-juki");
    }

    @Test
    void theVendorNeverDecidesWhatCountsAgainstIt() {
        for (CommandType type : CommandType.values()) {
            assertThat(refusal(VENDOR, type, null).isPresent()).as(type.name())
                    .isEqualTo(NOT_THE_VENDORS.contains(type));
        }
        assertThat(refusal(VENDOR, CommandType.SET_ATTRIBUTION, null)).get().asString()
                .contains("never by the vendor");
        assertThat(refusal(VENDOR, CommandType.APPROVE_MAINTENANCE, null)).get().asString()
                .contains("approved or refused by the city or an administrator");
        for (CommandType type : List.of(CommandType.POST_UPDATE, CommandType.ACKNOWLEDGE,
                CommandType.CREATE_MAINTENANCE)) {
            assertThat(refusal(OTHER_VENDOR, type, null)).as(type.name())
                    .contains("actor.organisation: vendor ines does not operate kurashiki-juki");
        }
    }

    @Test
    void mihariItselfOnlyFreezesAFinishedMonthWithoutAReason() {
        for (CommandType type : CommandType.values()) {
            assertThat(refusal(Actor.MIHARI, type, null).isPresent()).as(type.name())
                    .isEqualTo(type != CommandType.FREEZE_MONTH);
        }
        assertThat(refusal(Actor.MIHARI, CommandType.FREEZE_MONTH, "訂正")).isPresent();
    }
}
