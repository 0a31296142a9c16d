package io.mihari.model.status;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Service;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceStatusRuleTest {

    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String DB1 = "kurashiki/krs-juki-db1";
    Service service;

    @BeforeEach
    void load() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/catalog/valid.yaml")) {
            Catalog catalog = CatalogLoader.load(in, "valid.yaml");
            service = catalog.service("kurashiki-juki").orElseThrow();
        }
    }

    @Test
    void nothingKnownIsUnknownNotUp() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of())).isEqualTo(ServiceStatus.UNKNOWN);
    }

    @Test
    void oneRedundantMemberDownIsDegraded() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "DOWN", AP2, "UP", DB1, "UP")))
                .isEqualTo(ServiceStatus.DEGRADED);
    }

    @Test
    void wholeRedundancyGroupDownIsDown() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "DOWN", AP2, "DOWN", DB1, "UP")))
                .isEqualTo(ServiceStatus.DOWN);
    }

    @Test
    void criticalTargetDownIsDown() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "UP", AP2, "UP", DB1, "DOWN")))
                .isEqualTo(ServiceStatus.DOWN);
    }

    @Test
    void criticalServerWithoutDataMakesTheServiceUnknownNotUp() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "UP", AP2, "UP")))
                .isEqualTo(ServiceStatus.UNKNOWN);
    }

    @Test
    void redundancyGroupWithNoServerUpAndSomeUnknownIsUnknown() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "DOWN", DB1, "UP")))
                .isEqualTo(ServiceStatus.UNKNOWN);
    }

    @Test
    void oneRedundantMemberUpAndTheOtherUnknownIsUp() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "UP", DB1, "UP")))
                .isEqualTo(ServiceStatus.UP);
    }

    @Test
    void allUpIsUp() {
        assertThat(ServiceStatusRule.evaluate(service, Map.of(AP1, "UP", AP2, "UP", DB1, "UP")))
                .isEqualTo(ServiceStatus.UP);
    }
}
