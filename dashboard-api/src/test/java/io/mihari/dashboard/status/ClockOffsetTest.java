package io.mihari.dashboard.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClockOffset}: an agent's clock offset signed, its level (2 s warning, 30 s major by default) and its words. */
class ClockOffsetTest {

    static final Instant AT = Instant.parse("2026-12-06T01:00:20Z");
    static final Duration WARNING = ClockOffset.DEFAULT_WARNING;
    static final Duration MAJOR = ClockOffset.DEFAULT_MAJOR;

    @Test
    void anAgentFarAheadIsMajorWithItsWordsInBothLanguages() {
        assertThat(ClockOffset.of(92.4, AT, WARNING, MAJOR)).isEqualTo(new ClockOffset(92.4, AT, "MAJOR", "+92.4 s",
                "時刻ずれ: Mihari より 92.4 秒進み（重大 閾値 30.0 秒）",
                "Clock skew: 92.4 s ahead of Mihari (major at 30.0 s)"));
    }

    @Test
    void anAgentBehindIsSignedWithATrueMinus() {
        assertThat(ClockOffset.of(-1.2, AT, WARNING, MAJOR)).isEqualTo(new ClockOffset(-1.2, AT, "OK", "\u22121.2 s",
                "Mihari より 1.2 秒遅れ", "1.2 s behind Mihari"));
        assertThat(ClockOffset.of(-2.5, AT, WARNING, MAJOR)).isEqualTo(new ClockOffset(-2.5, AT, "WARNING",
                "\u22122.5 s", "時刻ずれ: Mihari より 2.5 秒遅れ（警告 閾値 2.0 秒）",
                "Clock skew: 2.5 s behind Mihari (warning at 2.0 s)"));
        assertThat(ClockOffset.of(0.0, AT, WARNING, MAJOR)).isEqualTo(new ClockOffset(0.0, AT, "OK", "0.0 s",
                "Mihari と一致", "In step with Mihari"));
    }

    @Test
    void theLevelsAreAtOrBeyondTheSettingsAheadOrBehindAsAlertServiceJudges() {
        assertThat(ClockOffset.level(1.9, WARNING, MAJOR)).isEqualTo("OK");
        assertThat(ClockOffset.level(2.0, WARNING, MAJOR)).isEqualTo("WARNING");
        assertThat(ClockOffset.level(-2.0, WARNING, MAJOR)).isEqualTo("WARNING");
        assertThat(ClockOffset.level(29.9, WARNING, MAJOR)).isEqualTo("WARNING");
        assertThat(ClockOffset.level(30.0, WARNING, MAJOR)).isEqualTo("MAJOR");
        assertThat(ClockOffset.level(-600.0, WARNING, MAJOR)).isEqualTo("MAJOR");
        // other settings
        assertThat(ClockOffset.level(1.0, Duration.ofMillis(500), Duration.ofSeconds(5))).isEqualTo("WARNING");
        assertThat(ClockOffset.of(6.0, AT, Duration.ofMillis(500), Duration.ofSeconds(5)).textEn())
                .isEqualTo("Clock skew: 6.0 s ahead of Mihari (major at 5.0 s)");
    }

    @Test
    void noOffsetStoredIsNoneAndAValueIsShownToOneDecimal() {
        assertThat(ClockOffset.of(null, null, WARNING, MAJOR)).isNull();
        assertThat(ClockOffset.of(Double.NaN, AT, WARNING, MAJOR)).isNull();
        assertThat(ClockOffset.of(0.04, AT, WARNING, MAJOR).text()).isEqualTo("0.0 s");
        assertThat(ClockOffset.of(0.06, AT, WARNING, MAJOR).text()).isEqualTo("+0.1 s");
        assertThat(ClockOffset.signed(-0.05)).isEqualTo("\u22120.1 s");
    }
}
