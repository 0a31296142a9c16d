package io.mihari.model.catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Environments 本番系・検証系 (issue 20): {@code environment: production | test | temporary} on a target, or on a service
 * as the default of its targets, and {@code notified: true} to mail a test or temporary target's problems anyway.
 */
class EnvironmentCatalogTest {

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String valid() throws Exception {
        try (InputStream in = EnvironmentCatalogTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** valid.yaml with {@code service} under the service's vendor line and {@code db1} in the db1 target's mapping. */
    private static String with(String service, String db1) throws Exception {
        String yaml = valid();
        if (service != null) {
            yaml = yaml.replaceFirst("(?m)^    vendor: fujitsu-japan$", "    vendor: fujitsu-japan\n    " + service);
        }
        if (db1 != null) {
            yaml = yaml.replace("critical: true, heartbeatInterval: 30s}", "critical: true, heartbeatInterval: 30s, "
                    + db1 + "}");
        }
        return yaml;
    }

    private static Target target(Catalog catalog, String host) {
        return catalog.target("kurashiki/" + host).orElseThrow();
    }

    @Test
    void everyTargetIsProductionAndNotifiedByDefault() throws Exception {
        Catalog catalog = load(valid());
        assertThat(catalog.service("kurashiki-juki").orElseThrow().targets())
                .extracting(Target::environment, Target::notified, Target::production, Target::quiet)
                .containsOnly(tuple(Environment.PRODUCTION, true, true, false));
        assertThat(catalog.service("kurashiki-juki").orElseThrow().measured()).isTrue();
        // the constructors used before environments existed still make production targets
        Target old = new Target("kurashiki/x", "x", "AP", false, null, Duration.ofSeconds(10));
        assertThat(old.environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(old.notified()).isTrue();
    }

    @Test
    void aTestTargetIsQuietUnlessNotified() throws Exception {
        Catalog catalog = load(with(null, "environment: test"));
        Target db1 = target(catalog, "krs-juki-db1");
        assertThat(db1.environment()).isEqualTo(Environment.TEST);
        assertThat(db1.production()).isFalse();
        assertThat(db1.quiet()).isTrue();
        assertThat(target(catalog, "krs-juki-ap1").production()).isTrue();
        // the service still has production targets: it is measured, on them only
        Service juki = catalog.service("kurashiki-juki").orElseThrow();
        assertThat(juki.measured()).isTrue();
        assertThat(juki.statusTargets()).extracting(Target::host).containsExactly("krs-juki-ap1", "krs-juki-ap2");

        Target notified = target(load(with(null, "environment: temporary, notified: true")), "krs-juki-db1");
        assertThat(notified.environment()).isEqualTo(Environment.TEMPORARY);
        assertThat(notified.quiet()).isFalse();
        assertThat(notified.production()).isFalse();
    }

    @Test
    void aServicesEnvironmentIsTheDefaultOfItsTargets() throws Exception {
        Catalog catalog = load(with("environment: test", "environment: production"));
        assertThat(target(catalog, "krs-juki-ap1").environment()).isEqualTo(Environment.TEST);
        assertThat(target(catalog, "krs-juki-ap1").quiet()).isTrue();
        assertThat(target(catalog, "krs-juki-db1").environment()).isEqualTo(Environment.PRODUCTION);

        Catalog whole = load(with("environment: test\n    notified: true", null));
        Service juki = whole.service("kurashiki-juki").orElseThrow();
        assertThat(juki.targets()).extracting(Target::environment, Target::quiet)
                .containsOnly(tuple(Environment.TEST, false));
        // a whole 検証系 environment: judged on its own targets, never measured
        assertThat(juki.measured()).isFalse();
        assertThat(juki.statusTargets()).hasSize(3);
    }

    @Test
    void unknownValuesAreRefusedWithTheirKeyPath() throws Exception {
        assertThatThrownBy(() -> load(with("environment: staging", "environment: prod, notified: maybe")))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.problems()).containsExactlyInAnyOrder(
                            "services[0].environment: environment must be one of production, test, temporary, "
                                    + "was 'staging'",
                            "services[0].targets[2].environment: environment must be one of production, test, "
                                    + "temporary, was 'prod'",
                            "services[0].targets[2].notified: must be true or false, was 'maybe'");
                    assertThat(e.located()).allSatisfy(p -> assertThat(p.line()).isPositive());
                });
    }

    @Test
    void aProductionTargetCannotBeSilenced() throws Exception {
        assertThatThrownBy(() -> load(with(null, "notified: false")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "services[0].targets[2].notified: a production target is always notified; notified: false "
                                + "is for test or temporary targets (which are quiet by default)"));
        // on a test target it only says the default
        assertThat(target(load(with(null, "environment: test, notified: false")), "krs-juki-db1").quiet()).isTrue();
    }

    @Test
    void anUnknownKeyNamesTheNewOnes() throws Exception {
        assertThatThrownBy(() -> load(with(null, "notify: true")))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("services[0].targets[2].notify: unknown key")
                        .contains("environment, notified"));
    }
}
