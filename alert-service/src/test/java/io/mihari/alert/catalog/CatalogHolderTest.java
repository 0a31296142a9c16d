package io.mihari.alert.catalog;

import io.mihari.alert.catalog.CatalogHolder.Outcome;
import io.mihari.model.catalog.CatalogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reload logic without Quarkus: a temp file, the reload check called directly. */
class CatalogHolderTest {

    static final String CATALOG = """
            tenants:
              - {id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}
            systems:
              - {id: juki, name: {ja: 住記系, en: Resident records}}
            vendors:
              - {id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: krs-juki-db1, role: BT/DB, critical: true}
                jobs:
                  - {name: nightly-juki-export, host: krs-juki-db1, schedule: "30 2 * * *", maxRunTime: 2h}
            """;

    @TempDir
    Path dir;

    final List<CatalogReloaded> events = new ArrayList<>();

    Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("catalog.yaml"), content, StandardCharsets.UTF_8);
    }

    CatalogHolder holder() throws IOException {
        return new CatalogHolder(write(CATALOG), events::add);
    }

    @Test
    void unchangedContentDoesNothing() throws IOException {
        CatalogHolder holder = holder();
        var before = holder.get();
        write(CATALOG); // rewritten with the same content: a new modification time, the same hash

        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(holder.get()).isSameAs(before);
        assertThat(events).isEmpty();
    }

    @Test
    void validChangeIsSwappedInAndAnnounced() throws IOException {
        CatalogHolder holder = holder();
        var before = holder.get();
        write(CATALOG.replace("targets:\n", "targets:\n      - {host: krs-juki-ap1, role: AP/WEB}\n"));

        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.get().target("kurashiki/krs-juki-ap1")).isPresent();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.previous()).isSameAs(before);
            assertThat(e.current()).isSameAs(holder.get());
        });
        assertThat(holder.reloadIfChanged().outcome()).as("once").isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void invalidChangeKeepsTheCatalogInForceAndNamesEveryKey() throws IOException {
        CatalogHolder holder = holder();
        var before = holder.get();
        write(CATALOG.replace("role: BT/DB, critical: true", "role: BT/DB, critical: true, heartbeatInterval: soon")
                .replace("host: krs-juki-db1, schedule", "host: krs-juki-db9, schedule"));

        CatalogHolder.Reload reload = holder.reloadIfChanged();

        assertThat(reload.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(reload.problems()).containsExactly(
                "13:78 services[0].targets[0].heartbeatInterval: 'soon' is not a duration (e.g. 10s, 5m, PT1H)",
                "15:43 services[0].jobs[0].host: 'krs-juki-db9' is not a target of service kurashiki-juki"
                        + " (targets: krs-juki-db1)");
        assertThat(holder.get()).isSameAs(before);
        assertThat(events).isEmpty();
        assertThat(holder.reloadIfChanged().outcome()).as("reported once per content").isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void invalidCronScheduleIsRejectedOnReload() throws IOException {
        CatalogHolder holder = holder();
        write(CATALOG.replace("\"30 2 * * *\"", "\"61 2 * * *\""));

        assertThat(holder.reloadIfChanged().problems()).singleElement().asString()
                .startsWith("services[0].jobs[0].schedule: '61 2 * * *' is not a valid cron expression (");
    }

    @Test
    void badBusinessCalendarRuleIsRejectedOnReloadAndTheCatalogInForceStays() throws IOException {
        CatalogHolder holder = holder();
        var before = holder.get();
        write(CATALOG.replace("schedule: \"30 2 * * *\"", "schedule: \"30 2 * * *\", on: weekdays"));

        CatalogHolder.Reload reload = holder.reloadIfChanged();
        assertThat(reload.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(reload.problems()).singleElement().asString().contains(" services[0].jobs[0].on: unknown"
                + " 'weekdays' (everyDay, businessDays, afterBusinessDays, lastBusinessDay or {businessDay: N})");
        assertThat(holder.get()).isSameAs(before);

        write(CATALOG.replace("schedule: \"30 2 * * *\"", "schedule: \"30 2 * * 0\", on: businessDays"));
        assertThat(holder.reloadIfChanged().problems()).as("never fires: Sundays are never business days")
                .containsExactly("services[0].jobs[0].on: 'businessDays' with schedule '30 2 * * 0' never fires"
                        + " (no run day in 31 years from 2000 on the business calendar)");
        assertThat(holder.get()).isSameAs(before);

        write(CATALOG.replace("schedule: \"30 2 * * *\"", "schedule: \"30 2 * * *\", on: afterBusinessDays"));
        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.get().services().get(0).jobs().get(0).calendarRule()).isEqualTo("on: afterBusinessDays");
    }

    @Test
    void unknownKeyIsRejectedWithItsLine() throws IOException {
        CatalogHolder holder = holder();
        write(CATALOG.replace("role: BT/DB", "rol: BT/DB"));

        CatalogHolder.Reload reload = holder.reloadIfChanged();
        assertThat(reload.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(reload.problems()).singleElement().asString()
                .startsWith("13:").contains(" services[0].targets[0].rol: unknown key");
    }

    @Test
    void removedFileKeepsTheCatalogInForceAndComesBack() throws IOException {
        CatalogHolder holder = holder();
        var before = holder.get();
        Files.delete(dir.resolve("catalog.yaml"));

        assertThat(holder.reloadIfChanged().problems()).containsExactly("file not found (mihari.catalog.path)");
        assertThat(holder.reloadIfChanged().outcome()).as("reported once").isEqualTo(Outcome.UNCHANGED);
        assertThat(holder.get()).isSameAs(before);

        write(CATALOG);
        assertThat(holder.reloadIfChanged().outcome()).as("the content in force").isEqualTo(Outcome.UNCHANGED);
        assertThat(events).isEmpty();
    }

    @Test
    void revertingAnInvalidEditNeedsNoReload() throws IOException {
        CatalogHolder holder = holder();
        write(CATALOG.replace("2h", "later"));
        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.REJECTED);

        write(CATALOG);
        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(events).isEmpty();
    }

    @Test
    void failingObserverDoesNotUndoTheReload() throws IOException {
        CatalogHolder holder = new CatalogHolder(write(CATALOG), e -> {
            throw new IllegalStateException("observer bug");
        });
        write(CATALOG.replace("2h", "3h"));

        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.get().services().get(0).jobs().get(0).maxRunTime()).hasHours(3);
    }

    @Test
    void invalidScheduleStopsTheStart() throws IOException {
        Path path = write(CATALOG.replace("\"30 2 * * *\"", "\"0 0 31 2 *\""));

        assertThatThrownBy(() -> new CatalogHolder(path, events::add))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems())
                        .containsExactly("services[0].jobs[0].schedule: '0 0 31 2 *' never matches a date"))
                .hasMessageContaining(path.toString());
    }

    @Test
    void missingFileStopsTheStart() {
        assertThatThrownBy(() -> new CatalogHolder(dir.resolve("nope.yaml"), events::add))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("file not found (mihari.catalog.path)");
    }
}
