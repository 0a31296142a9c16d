package io.mihari.agent.ship;

import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.event.Payload;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Hides personal data in what the agent sends before it leaves the server (E.6.1.2): batch output tails, check
 * messages and applications' status messages of resident-records systems can carry individual numbers (マイナンバー).
 * Every match of a pattern has its letters and digits replaced by {@code *} (separators stay, so a reader sees that
 * and where something was hidden). By default: any run of 12 digits, also written 4-4-4 with spaces or hyphens, not
 * part of a longer number — every individual number, and some other 12-digit values (e.g. yyyyMMddHHmm) too: hiding
 * too much is the safe side.
 */
public final class Masking {

    /** 12 digits (or 4-4-4 with ' ' or '-'), not inside a longer run of digits. */
    public static final String INDIVIDUAL_NUMBER = "(?<![0-9０-９])[0-9０-９]{4}[ -]?[0-9０-９]{4}[ -]?[0-9０-９]{4}(?![0-9０-９])";

    public static final Masking NONE = new Masking(List.of());

    private final List<Pattern> patterns;

    private Masking(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /**
     * @param setting the configuration key the patterns come from (named when one is not a regular expression)
     * @throws IllegalArgumentException naming the key and the pattern that is not valid
     */
    public static Masking of(List<String> regexes, String setting) {
        List<Pattern> compiled = new java.util.ArrayList<>();
        for (int i = 0; i < regexes.size(); i++) {
            try {
                compiled.add(Pattern.compile(regexes.get(i)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid configuration: " + setting + "[" + i + "] '"
                        + regexes.get(i) + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new Masking(List.copyOf(compiled));
    }

    public List<String> patterns() {
        return patterns.stream().map(Pattern::pattern).toList();
    }

    public String mask(String text) {
        if (text == null || patterns.isEmpty()) {
            return text;
        }
        String out = text;
        for (Pattern p : patterns) {
            Matcher m = p.matcher(out);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(hide(m.group())));
            }
            m.appendTail(b);
            out = b.toString();
        }
        return out;
    }

    private static String hide(String match) {
        StringBuilder b = new StringBuilder(match.length());
        match.codePoints().forEach(c -> b.append(Character.isLetterOrDigit(c) ? "*" : Character.toString(c)));
        return b.toString();
    }

    /** The payload with its free text masked (names, states and figures are Mihari's own and stay). */
    public Payload apply(Payload payload) {
        if (patterns.isEmpty()) {
            return payload;
        }
        if (payload instanceof CheckResult c) {
            return new CheckResult(c.name(), c.kind(), c.status(), c.latencyMs(), mask(c.message()),
                    c.certificateDaysLeft());
        }
        if (payload instanceof BatchRun r) {
            return new BatchRun(r.job(), r.runId(), r.state(), r.exitCode(), r.durationMs(), mask(r.outputTail()),
                    r.processedCount());
        }
        if (payload instanceof OperatingStatus s) {
            return new OperatingStatus(s.application(), s.status(), mask(s.message()));
        }
        return payload;
    }
}
