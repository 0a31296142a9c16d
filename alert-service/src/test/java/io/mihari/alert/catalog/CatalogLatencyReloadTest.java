package io.mihari.alert.catalog;

import io.mihari.alert.catalog.CatalogHolder.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A catalog edit of a check's response-time thresholds: a bad one is refused and the catalog in force stays. */
class CatalogLatencyReloadTest {

    static final String CATALOG = CatalogHolderTest.CATALOG.replace(
            "- {host: krs-juki-db1, role: BT/DB, critical: true}",
            "- {host: krs-juki-db1, role: BT/DB, critical: true, latency: {portal: {warning: 800ms, critical: 2s}}}");

    @TempDir
    Path dir;

    Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("catalog.yaml"), content, StandardCharsets.UTF_8);
    }

    @Test
    void aBadLatencyEditIsRefusedWithItsKeyPathAndTheOldCatalogKept() throws IOException {
        CatalogHolder holder = new CatalogHolder(write(CATALOG), e -> { });
        var before = holder.get();
        assertThat(before.target("kurashiki/krs-juki-db1").orElseThrow().latency().of("portal").orElseThrow()
                .warning()).isEqualTo(Duration.ofMillis(800));

        write(CATALOG.replace("warning: 800ms", "warning: 3s"));
        CatalogHolder.Reload reload = holder.reloadIfChanged();

        assertThat(reload.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(reload.problems()).singleElement().asString().endsWith(
                " services[0].targets[0].latency.portal.warning: must be at most critical (2s), was '3s'");
        assertThat(holder.get()).isSameAs(before);

        write(CATALOG.replace("warning: 800ms", "warning: 600ms"));
        assertThat(holder.reloadIfChanged().outcome()).isEqualTo(Outcome.RELOADED);
        assertThat(holder.get().target("kurashiki/krs-juki-db1").orElseThrow().latency().of("portal").orElseThrow()
                .warning()).isEqualTo(Duration.ofMillis(600));
    }
}
