package io.mihari.model.catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 19: the responsible parties, the cities' cloud provider and carrier, components. */
class CatalogPartiesTest {

    static final Catalog SAMPLE = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml"));

    @Test
    void theSampleHasTheCloudProviderTheCarrierAndBothAppVendors() {
        assertThat(SAMPLE.parties()).extracting(Vendor::id, Vendor::partyKind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fujitsu-japan", PartyKind.APP_VENDOR),
                org.assertj.core.groups.Tuple.tuple("ines", PartyKind.APP_VENDOR),
                org.assertj.core.groups.Tuple.tuple("gov-cloud", PartyKind.CLOUD_PROVIDER),
                org.assertj.core.groups.Tuple.tuple("west-net", PartyKind.CARRIER));
        Vendor cloud = SAMPLE.party("gov-cloud").orElseThrow();
        assertThat(cloud.sla().firstReport()).isEqualTo(Duration.ofHours(1));
        assertThat(cloud.sla().statusReport()).isEqualTo(Duration.ofHours(1));
        for (String city : new String[] {"kurashiki", "takamatsu", "matsuyama"}) {
            assertThat(SAMPLE.tenant(city).cloudProvider()).isEqualTo("gov-cloud");
            assertThat(SAMPLE.tenant(city).carrier()).isEqualTo("west-net");
            assertThat(SAMPLE.service(city + "-cloud").orElseThrow().vendor()).isEqualTo("gov-cloud");
            assertThat(SAMPLE.service(city + "-network").orElseThrow().vendor()).isEqualTo("west-net");
            for (ComponentType type : ComponentType.values()) {
                assertThat(SAMPLE.components(city, type)).as(city + " " + type).isNotEmpty();
            }
        }
        // every server of the app services is a virtual server of the cloud provider (defaults.component)
        assertThat(SAMPLE.target("kurashiki/krs-juki-ap1").orElseThrow().component())
                .isEqualTo(ComponentType.VIRTUAL_SERVER);
        assertThat(SAMPLE.target("kurashiki/krs-hf-rds1").orElseThrow().component()).isEqualTo(ComponentType.DATABASE);
        assertThat(SAMPLE.components("kurashiki", ComponentType.VIRTUAL_SERVER)).hasSize(20);
        assertThat(SAMPLE.components("kurashiki", ComponentType.LINE)).extracting(Target::host)
                .containsExactly("krs-line-a", "krs-line-b");
    }

    @Test
    void everyAttributionNamesOneParty() {
        Service juki = SAMPLE.service("kurashiki-juki").orElseThrow();
        Service cloud = SAMPLE.service("kurashiki-cloud").orElseThrow();
        assertThat(SAMPLE.responsible(juki, "VENDOR").orElseThrow().id()).isEqualTo("fujitsu-japan");
        assertThat(SAMPLE.responsible(juki, null).orElseThrow().id()).isEqualTo("fujitsu-japan");
        assertThat(SAMPLE.responsible(juki, "CLOUD").orElseThrow().id()).isEqualTo("gov-cloud");
        assertThat(SAMPLE.responsible(juki, "CARRIER").orElseThrow().kind()).isEqualTo(PartyKind.CARRIER);
        assertThat(SAMPLE.responsible(juki, "CITY").orElseThrow().id()).isEqualTo("kurashiki");
        assertThat(SAMPLE.responsible(juki, "CITY").orElseThrow().kind()).isEqualTo(PartyKind.CITY);
        assertThat(SAMPLE.responsible(juki, "EXTERNAL")).isEmpty();
        assertThat(SAMPLE.responsible(juki, "PLANNED")).isEmpty();
        // the service's own party: CLOUD on the cloud provider's own service counts against it
        assertThat(SAMPLE.attributionForFigure(cloud, "CLOUD")).isEqualTo("VENDOR");
        assertThat(SAMPLE.attributionForFigure(juki, "CLOUD")).isEqualTo("CLOUD");
        assertThat(SAMPLE.attributionForFigure(juki, "VENDOR")).isEqualTo("VENDOR");
        assertThat(SAMPLE.attributionForFigure(cloud, "CITY")).isEqualTo("CITY");
    }

    @Test
    void wrongPartiesAreNamedWithTheirKey() {
        String yaml = """
                defaults: {cloudProvider: fujitsu-japan, component: mainframe}
                tenants:
                  - {id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}, carrier: nobody}
                systems:
                  - {id: juki, name: {ja: 住記系, en: Resident records}}
                vendors:
                  - {id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}
                  - {id: cloudy, kind: cloud-provider, name: {ja: 雲, en: Cloud}}
                parties:
                  - {id: fujitsu-japan, kind: carrier, name: {ja: 重複, en: Duplicate}}
                  - {id: net, kind: railway, name: {ja: 鉄道, en: Railway}}
                  - {id: slow, kind: carrier, name: {ja: 遅い, en: Slow}, sla: {firstReportWithin: soon}}
                services:
                  - id: kurashiki-juki
                    tenant: kurashiki
                    system: juki
                    vendor: fujitsu-japan
                    targets:
                      - {host: ap1, component: teapot}
                """;
        assertThatThrownBy(() -> CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "bad.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("defaults.cloudProvider: 'fujitsu-japan' is of kind app-vendor, not cloud-provider")
                .hasMessageContaining("defaults.component: component must be one of virtual-server")
                .hasMessageContaining("tenants[0].carrier: unknown party 'nobody'")
                .hasMessageContaining("vendors[1].kind: vendors are app vendors; list a cloud-provider under parties")
                .hasMessageContaining("parties[0].id: duplicate party 'fujitsu-japan'")
                .hasMessageContaining("parties[1]: kind must be one of app-vendor, cloud-provider, carrier, was 'railway'")
                .hasMessageContaining("parties[2].sla: sla.firstReportWithin: 'soon' is not a duration")
                .hasMessageContaining("services[0].targets[0].component: component must be one of")
                .hasMessageNotContaining("vendors[3]");
    }
}
