package io.mihari.dashboard.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * An agent's latest clock offset as alert-service estimated it (docs/detection.md "Clock skew 時刻ずれ"), with its
 * level and its words, so every page says the same.
 *
 * @param seconds the offset, one decimal: positive = the agent's clock is ahead of Mihari, negative = behind
 * @param at the receipt of the heartbeat it was estimated on
 * @param level OK, WARNING (its size at or beyond the warning setting, 2 s by default) or MAJOR (at or beyond the
 *              major setting, 30 s by default): the rule of alert-service's clock-skew alert, on the latest estimate
 * @param text the offset signed, e.g. {@code +92.4 s} or {@code −1.2 s} (a true minus sign)
 * @param textJa what it means in Japanese, e.g. 「時刻ずれ: Mihari より 92.4 秒進み（重大 閾値 30.0 秒）」
 * @param textEn what it means in English, e.g. "Clock skew: 92.4 s ahead of Mihari (major at 30.0 s)"
 */
public record ClockOffset(double seconds, Instant at, String level, String text, String textJa, String textEn) {

    /** The alert-service defaults ({@code mihari.clock-skew.warning} and {@code major}). */
    public static final Duration DEFAULT_WARNING = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAJOR = Duration.ofSeconds(30);

    /** The offset of a target document, or null when alert-service stored none (no live heartbeat yet). */
    public static ClockOffset of(Double seconds, Instant at, Duration warning, Duration major) {
        if (seconds == null || seconds.isNaN() || seconds.isInfinite()) {
            return null;
        }
        double s = Math.round(seconds * 10) / 10.0;
        String level = level(s, warning, major);
        String size = String.format(Locale.ROOT, "%.1f", Math.abs(s));
        String ja = s == 0 ? "Mihari と一致" : "Mihari より " + size + " 秒" + (s > 0 ? "進み" : "遅れ");
        String en = s == 0 ? "in step with Mihari" : size + " s " + (s > 0 ? "ahead of" : "behind") + " Mihari";
        if ("OK".equals(level)) {
            return new ClockOffset(s, at, level, signed(s), ja, en.substring(0, 1).toUpperCase(Locale.ROOT)
                    + en.substring(1));
        }
        boolean isMajor = "MAJOR".equals(level);
        String threshold = secs(isMajor ? major : warning);
        return new ClockOffset(s, at, level, signed(s),
                "時刻ずれ: " + ja + "（" + (isMajor ? "重大" : "警告") + " 閾値 " + threshold + " 秒）",
                "Clock skew: " + en + " (" + (isMajor ? "major" : "warning") + " at " + threshold + " s)");
    }

    /** MAJOR at or beyond {@code major}, WARNING at or beyond {@code warning}, ahead or behind; else OK. */
    public static String level(double seconds, Duration warning, Duration major) {
        double millis = Math.abs(seconds) * 1000;
        if (millis >= major.toMillis()) {
            return "MAJOR";
        }
        return millis >= warning.toMillis() ? "WARNING" : "OK";
    }

    /** {@code +92.4 s}, {@code −1.2 s} (U+2212), {@code 0.0 s}. */
    public static String signed(double seconds) {
        String size = String.format(Locale.ROOT, "%.1f s", Math.abs(seconds));
        return seconds > 0 ? "+" + size : seconds < 0 ? "\u2212" + size : size;
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
