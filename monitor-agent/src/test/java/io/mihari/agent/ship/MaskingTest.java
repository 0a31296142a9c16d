package io.mihari.agent.ship;

import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.OperatingStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingTest {

    static final Masking DEFAULT = Masking.of(List.of(Masking.INDIVIDUAL_NUMBER), "mihari.agent.masking.patterns");

    @Test
    void individualNumbersAreHiddenInEveryWritingAndSeparatorsStay() {
        assertThat(DEFAULT.mask("個人番号 123456789012 で照会")).isEqualTo("個人番号 ************ で照会");
        assertThat(DEFAULT.mask("no=1234-5678-9012,")).isEqualTo("no=****-****-****,");
        assertThat(DEFAULT.mask("1234 5678 9012")).isEqualTo("**** **** ****");
        assertThat(DEFAULT.mask("全角１２３４５６７８９０１２です")).isEqualTo("全角************です");
        assertThat(DEFAULT.mask("two: 111122223333 and 444455556666"))
                .isEqualTo("two: ************ and ************");
    }

    @Test
    void otherNumbersStay() {
        assertThat(DEFAULT.mask("exported 1200 records, exit 137")).isEqualTo("exported 1200 records, exit 137");
        assertThat(DEFAULT.mask("phone 086-426-3000")).isEqualTo("phone 086-426-3000");
        // 11 and 13 digits are not an individual number
        assertThat(DEFAULT.mask("12345678901 1234567890123")).isEqualTo("12345678901 1234567890123");
        assertThat(DEFAULT.mask((String) null)).isNull();
    }

    @Test
    void theFreeTextOfEveryPayloadIsMaskedAndNothingElse() {
        BatchRun run = (BatchRun) DEFAULT.apply(new BatchRun("nightly-juki-export", "r1", BatchRun.State.FAILED, 1, 10L,
                "ORA-00001: 123456789012 duplicate", 41L));
        assertThat(run.outputTail()).isEqualTo("ORA-00001: ************ duplicate");
        assertThat(run.processedCount()).as("the count is kept").isEqualTo(41L);
        assertThat(run.job()).isEqualTo("nightly-juki-export");
        CheckResult check = (CheckResult) DEFAULT.apply(new CheckResult("juki-web", CheckResult.Kind.HTTP,
                CheckResult.Status.DOWN, 12, "body: 1234-5678-9012", null));
        assertThat(check.message()).isEqualTo("body: ****-****-****");
        OperatingStatus status = (OperatingStatus) DEFAULT.apply(new OperatingStatus("juki-batch",
                OperatingStatus.Status.DEGRADED, "stopped at 123456789012"));
        assertThat(status.message()).isEqualTo("stopped at ************");
        Heartbeat hb = new Heartbeat(10, "1.0");
        assertThat(DEFAULT.apply(hb)).isSameAs(hb);
    }

    @Test
    void aPatternThatIsNotARegularExpressionNamesTheKey() {
        assertThatThrownBy(() -> Masking.of(List.of("[0-9]{12}", "(unclosed"), "mihari.agent.masking.patterns"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid configuration: mihari.agent.masking.patterns[1] '(unclosed' is not a "
                        + "regular expression");
    }
}
