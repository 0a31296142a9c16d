package io.mihari.model.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {

    @Test
    void eachCityHasItsOwnEventTopicAndTheTopicNamesItsCity() {
        assertThat(Topics.events("kurashiki")).isEqualTo("mihari.events.v1.kurashiki");
        assertThat(Topics.eventsOf("takamatsu/tkm-juki-ap1")).isEqualTo("mihari.events.v1.takamatsu");
        assertThat(Topics.tenantOf("mihari.events.v1.matsuyama")).isEqualTo("matsuyama");
        assertThat(Topics.tenantOf("mihari.events.v1.Kurashiki")).isEqualTo("Kurashiki"); // names are case-sensitive
    }

    @Test
    void onlyEventTopicsOfValidTenantNamesMatch() {
        for (String notEvents : new String[] {"mihari.events.v1", "mihari.events.v1.", "mihari.events.dlq.v1",
                "mihari.events.v1.-x", "mihari.events.v1.a/b", "mihari.events.v2.kurashiki", "xmihari.events.v1.a",
                "mihari.commands.v1", "mihari.events.v1." + "a".repeat(64)}) {
            assertThat(Topics.tenantOf(notEvents)).as(notEvents).isNull();
            assertThat(Topics.EVENTS_PATTERN.matcher(notEvents).matches()).as(notEvents).isFalse();
        }
        assertThat(Topics.tenantOf(null)).isNull();
        assertThat(Topics.EVENTS_PATTERN.matcher("mihari.events.v1." + "a".repeat(63)).matches()).isTrue();
    }

    @Test
    void aTargetIdWithoutATenantHasNoTopic() {
        assertThatThrownBy(() -> Topics.eventsOf("no-slash")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no-slash' is not tenant/host");
        assertThatThrownBy(() -> Topics.eventsOf("/host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.events("a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
    }
}
