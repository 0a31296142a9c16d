package io.mihari.alert.store;

import io.mihari.model.index.IndexTemplates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Mihari's retention needs of OpenSearch's shard limit, and when that is told as a warning. */
class ShardBudgetTest {

    @Test
    void mihariNeedsOneDailyIndexPerKeptDayTodayAndTomorrowPlusItsFixedIndices() {
        long fixed = IndexTemplates.ALL.stream().filter(t -> t.fixedIndex() != null).count();

        assertThat(ShardBudget.needed(90, 1)).isEqualTo(92 + fixed);
        assertThat(ShardBudget.needed(1, 2)).isEqualTo(3 * 2 + fixed);
    }

    @Test
    void aBudgetIsTightAboveEightyPercentOfTheLimitEitherWay() {
        assertThat(new ShardBudget.Budget(100, 1000, 102).tight()).isFalse();
        assertThat(new ShardBudget.Budget(100, 1000, 800).tight()).as("exactly 80 %").isFalse();
        assertThat(new ShardBudget.Budget(100, 1000, 801).tight()).as("Mihari's own need").isTrue();
        assertThat(new ShardBudget.Budget(801, 1000, 102).tight()).as("what others use already").isTrue();
        assertThat(new ShardBudget.Budget(-1, -1, 102).tight()).as("not known: no warning").isFalse();
    }
}
